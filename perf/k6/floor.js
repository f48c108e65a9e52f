// The floor of the perf gate: GET one cheap path (default /healthz) at a constant rate, measured in the same run
// as the scenarios so that their latency can be stated as a ratio to it (machines differ 2-3x in speed; a ratio
// travels). No thresholds here: perf/gate.py judges. k6 run -e BASE_URL=... -e RATE=50 -e DURATION=10s floor.js
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const PATH = __ENV.FLOOR_PATH || '/healthz';

export const options = {
  scenarios: {
    floor: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 50),
      timeUnit: '1s',
      duration: __ENV.DURATION || '10s',
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  check(http.get(`${BASE}${PATH}`), { 'status 200': (r) => r.status === 200 });
}
