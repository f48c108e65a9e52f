"""A tiny asyncio round-robin load balancer for the test harness: each new TCP connection goes to the next backend.

Like a layer-4 balancer (HAProxy in ``mode tcp``, an AWS NLB): it knows nothing of HTTP, so a client that wants
its requests spread opens a connection per request. It counts the connections each backend was given, and a
backend that refuses is skipped for that connection (the next one takes it). The loop runs in a daemon thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter
from collections.abc import Sequence

_CHUNK = 65536


class RoundRobinProxy:
    def __init__(self, backends: Sequence[tuple[str, int]]) -> None:
        self.backends = list(backends)
        self.given: Counter[int] = Counter()  # backend index -> connections it took
        self.port = 0
        self._next = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> RoundRobinProxy:
        def run() -> None:
            loop = self._loop = asyncio.new_event_loop()
            self._server = loop.run_until_complete(asyncio.start_server(self._accept, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()
            loop.run_forever()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True, name="round-robin-proxy")
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the round-robin proxy did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._loop is not None and self._server is not None and self._thread is not None
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _connect(self) -> tuple[int, asyncio.StreamReader, asyncio.StreamWriter]:
        for _ in range(len(self.backends)):
            index = self._next
            self._next = (self._next + 1) % len(self.backends)
            host, port = self.backends[index]
            with contextlib.suppress(OSError):
                reader, writer = await asyncio.open_connection(host, port)
                return index, reader, writer
        raise OSError("no backend accepted the connection")

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            index, reader, writer = await self._connect()
        except OSError:
            client_writer.close()
            return
        self.given[index] += 1
        await asyncio.gather(self._pump(client_reader, writer), self._pump(reader, client_writer))

    @staticmethod
    async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while chunk := await source.read(_CHUNK):
                sink.write(chunk)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                sink.close()
