// Smoke: GET one profile at a constant 300 requests/s for 30 s. Budget: p95 < 50 ms, no errors.
// Run through `make perf-smoke` (which starts the service on PostgreSQL with 2 workers), or by hand:
//   k6 run -e BASE_URL=http://127.0.0.1:8000 -e PROFILE_ID=prf_demo_photographer_la perf/k6/smoke.js
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const PROFILE_ID = __ENV.PROFILE_ID || 'prf_demo_photographer_la';
const RATE = Number(__ENV.RATE || 300);
const DURATION = __ENV.DURATION || '30s';

export const options = {
  scenarios: {
    get_profile: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 50,
      maxVUs: 300,
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<50'],
    http_req_failed: ['rate==0'],
    dropped_iterations: ['count==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  const res = http.get(`${BASE}/api/profiles/${PROFILE_ID}`);
  check(res, {
    'status 200': (r) => r.status === 200,
    'is the profile': (r) => r.json('id') === PROFILE_ID,
  });
}
