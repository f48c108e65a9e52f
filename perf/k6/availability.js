// Availability: GET the 14-day slots of a profile at a constant 100 requests/s for 30 s.
// Budget: p95 < 50 ms, no errors. Run through `make perf-availability` (the service on PostgreSQL,
// 2 workers, demo data with schedules), or by hand:
//   k6 run -e BASE_URL=http://127.0.0.1:8000 perf/k6/availability.js
// PROFILES (comma-separated) spreads the load; the default mixes the demo photographer and studio.
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const PROFILES = (__ENV.PROFILES || 'prf_demo_photographer_la,prf_demo_studio_la').split(',');
const RATE = Number(__ENV.RATE || 100);
const DURATION = __ENV.DURATION || '30s';

export const options = {
  scenarios: {
    availability: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 20,
      maxVUs: 200,
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
  const profile = PROFILES[Math.floor(Math.random() * PROFILES.length)];
  const res = http.get(`${BASE}/api/profiles/${profile}/availability?days=14&duration=60`, {
    tags: { name: 'availability' },
  });
  check(res, {
    'status 200': (r) => r.status === 200,
    'has slots': (r) => r.json('slots').length > 0,
  });
}
