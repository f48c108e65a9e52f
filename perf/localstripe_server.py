"""localstripe's aiohttp app served on loopback (its own CLI binds every interface), with the time it spends on each
request kept for ``GET /_perf/stats``: how many calls, how long its single event loop was busy with them, and the
median and 95th percentile of its own handling time per kind of call, over the run or since the last reset
(``DELETE /_perf/stats``).

    python perf/localstripe_server.py PORT persist|in-memory|indexed

``in-memory`` turns off its pickle of the whole store to /tmp/localstripe.pickle after every write. ``indexed``
also keeps its objects by kind, so that listing one kind (which it does to serialise every charge: its refunds,
three times over) reads that kind alone instead of every object stored; the same objects in the same order. Both
are for measurements only: they take away costs that grow with everything the fake holds, which Stripe does not
have. Started by ``service.running_localstripe``.
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


def indexed() -> None:
    """``StripeObject._api_list_all`` over an index of the store by kind, kept on every write and delete."""
    kinds: dict[str, dict[str, object]] = defaultdict(dict)

    def setitem(store: dict[str, object], key: str, value: object) -> None:
        dict.__setitem__(store, key, value)
        kinds[key.partition(":")[0]][key] = value

    def delitem(store: dict[str, object], key: str) -> None:
        dict.__delitem__(store, key)
        kinds[key.partition(":")[0]].pop(key, None)

    def list_all(cls, url, limit=None, starting_after=None, **kwargs):  # type: ignore[no-untyped-def]  # theirs
        if kwargs:
            raise resources.UserError(400, "Unexpected " + ", ".join(kwargs.keys()))
        listed = resources.List(url, limit=limit, starting_after=starting_after)
        listed._list = list(kinds[cls.object].values())
        return listed

    resources.Store.__setitem__ = setitem  # type: ignore[assignment,method-assign]
    resources.Store.__delitem__ = delitem  # type: ignore[assignment,method-assign]
    resources.StripeObject._api_list_all = classmethod(list_all)


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]
    if mode in ("in-memory", "indexed"):
        resources.Store.dump_to_disk = lambda self: None
    if mode == "indexed":
        indexed()
    app.middlewares.insert(0, timed)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main()
