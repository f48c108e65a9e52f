// Public profile page: GET /p/demo-photographer-la (server-rendered HTML) at 100 requests/s for 30 s.
// Budget (issue 6): p95 < 100 ms, no errors. Run through `make perf-public-profile` (the service on
// PostgreSQL, 2 workers), or by hand: k6 run -e BASE_URL=http://127.0.0.1:8000 perf/k6/public_profile.js
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const SLUG = __ENV.SLUG || 'demo-photographer-la';
const RATE = Number(__ENV.RATE || 100);
const DURATION = __ENV.DURATION || '30s';

export const options = {
  scenarios: {
    public_page: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 30,
      maxVUs: 200,
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<100'],
    http_req_failed: ['rate==0'],
    dropped_iterations: ['count==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  const res = http.get(`${BASE}/p/${SLUG}`);
  check(res, {
    'status 200': (r) => r.status === 200,
    'is html': (r) => (r.headers['Content-Type'] || '').startsWith('text/html'),
    'has json-ld': (r) => r.body.includes('application/ld+json'),
    'has the verified badge': (r) => r.body.includes('verified-badge'),
  });
}
