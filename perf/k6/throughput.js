// Throughput of one service worker: VUS virtual users each send the next request as soon as the last answered
// (closed loop), for DURATION. PATH_KIND: read (a profile's JSON), availability (14 days), write (a profile draft
// with its own Idempotency-Key, signed in with TOKEN). Run by perf/throughput.py, which reads http_reqs' rate.
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const KIND = __ENV.PATH_KIND || 'read';
const TOKEN = __ENV.TOKEN || '';

export const options = {
  scenarios: { closed: { executor: 'constant-vus', vus: Number(__ENV.VUS || 8), duration: __ENV.DURATION || '15s' } },
  summaryTrendStats: ['med', 'p(95)', 'max'],
};

export default function () {
  let res;
  if (KIND === 'write') {
    const key = `tp-${__VU}-${__ITER}`;
    res = http.post(`${BASE}/api/profiles`, JSON.stringify({ display_name: key }), {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, 'Idempotency-Key': key },
    });
    check(res, { 'status 201': (r) => r.status === 201 });
  } else if (KIND === 'availability') {
    res = http.get(`${BASE}/api/profiles/prf_demo_photographer_la/availability?days=14`);
    check(res, { 'status 200': (r) => r.status === 200 });
  } else {
    res = http.get(`${BASE}/api/profiles/prf_demo_photographer_la`);
    check(res, { 'status 200': (r) => r.status === 200 });
  }
}
