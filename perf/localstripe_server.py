"""localstripe's aiohttp app served on loopback (its own CLI binds every interface), with the time it spends on each
request kept for ``GET /_perf/stats``: how many calls, how long its single event loop was busy with them, and the
median and 95th percentile of its own handling time per kind of call, over the run or since the last reset
(``DELETE /_perf/stats``).

    python perf/localstripe_server.py PORT persist|in-memory

``in-memory`` turns off its pickle of the whole store to /tmp/localstripe.pickle after every write (for
measurements only). Started by ``service.running_localstripe``.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable

from aiohttp import web
from localstripe import resources
from localstripe.server import app

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_ID = re.compile(r"/(pi|ch|pm|re|cus|evt|txn)_[A-Za-z0-9]+")
_times: dict[str, list[float]] = defaultdict(list)
_since = [time.monotonic()]


def _kind(request: web.Request) -> str:
    """``POST /v1/payment_intents/{id}/capture``: the method and the path with its ids named, not given."""
    return f"{request.method} {_ID.sub(lambda m: '/{' + m.group(1) + '}', request.path)}"


@web.middleware
async def timed(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path == "/_perf/stats":  # ours, before localstripe's key check
        return await (reset(request) if request.method == "DELETE" else stats(request))
    started = time.perf_counter()
    try:
        return await handler(request)
    finally:
        _times[_kind(request)].append(time.perf_counter() - started)


async def stats(_request: web.Request) -> web.Response:
    wall = time.monotonic() - _since[0]
    every = [s for seconds in _times.values() for s in seconds]
    kinds = {
        kind: {"calls": len(s), "median_ms": statistics.median(s) * 1e3,
               "p95_ms": statistics.quantiles(s, n=20)[-1] * 1e3 if len(s) > 1 else s[0] * 1e3}
        for kind, s in sorted(_times.items())
    }  # fmt: skip
    return web.json_response({"wall_s": wall, "calls": len(every), "busy_s": sum(every), "kinds": kinds})


async def reset(_request: web.Request) -> web.Response:
    _times.clear()
    _since[0] = time.monotonic()
    return web.json_response({"reset": True})


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]
    if mode == "in-memory":
        resources.Store.dump_to_disk = lambda self: None
    app.middlewares.insert(0, timed)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main()
