// People search, the plan's perf/k6/search.js shape (GET /api/search/people?q=&city=&limit=24, JSON, checks on
// status and content type) at a constant arrival rate, each request a query drawn from a list (words, cities,
// roles, typos, tags, prices), not one cached query. Run through `make perf-search` (perf/search.py), or by hand:
// k6 run -e BASE_URL=http://127.0.0.1:8000 -e RATE=200 -e DURATION=60s -e P95=50 perf/k6/search.js
import http from 'k6/http';
import { check } from 'k6';
import { Rate, Trend } from 'k6/metrics';

export const SearchLat = new Trend('search_latency_ms');
export const SearchOK = new Rate('search_ok');

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8000';
const RATE = Number(__ENV.RATE || 200);
const DURATION = __ENV.DURATION || '60s';
const P95 = Number(__ENV.P95 || 50);

const QUERIES = [
  'q=photographer&city=los-angeles', 'q=photographer&city=new-york', 'q=makeup&city=london',
  'q=model&city=paris', 'q=videographer', 'q=fashion', 'q=wedding&city=chicago', 'q=portrait',
  'q=photog&city=miami', 'q=stylist&city=berlin', 'q=hair', 'q=editorial&role=photographer',
  'city=los-angeles&role=model', 'city=toronto', 'role=makeup_artist&city=new-york', 'q=ana',
  'q=james%20lee', 'q=beauty&min_price=50&max_price=300', 'q=product&city=san-francisco',
  'q=music%20video', 'q=headshots&city=austin', 'q=commercial&verified=false', 'q=photgrapher',
  'q=film&city=barcelona', 'role=videographer&city=sydney', 'q=lifestyle&language=es',
  'lat=34.05&lon=-118.24&radius_km=25&q=photographer', 'q=street&city=mexico-city', 'q=runway&role=model',
  'q=bridal&city=atlanta', '', 'q=studio', 'q=fitness&city=seattle', 'q=catalog&instant_book=true',
];

export const options = {
  scenarios: {
    search: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 50,
      maxVUs: 400,
    },
  },
  thresholds: {
    search_latency_ms: [`p(95)<${P95}`],
    search_ok: ['rate>0.995'],
    http_req_failed: ['rate==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  const query = QUERIES[Math.floor(Math.random() * QUERIES.length)];
  const res = http.get(`${BASE}/api/search/people?${query}${query ? '&' : ''}limit=24`, {
    headers: { Accept: 'application/json' },
  });
  SearchLat.add(res.timings.duration);
  const ok = check(res, {
    'status 200': (r) => r.status === 200,
    'json present': (r) => (r.headers['Content-Type'] || '').includes('application/json'),
    'not degraded': (r) => !r.headers['X-Search-Degraded'],
  });
  SearchOK.add(ok);
}
