"""A small asyncio TCP fault proxy (what Toxiproxy does, for the chaos tests): faults toggled at run time.

``FaultProxy(host, port)`` listens on a free loopback port and forwards every connection to the upstream,
passing each chunk through the faults in force when the chunk arrives:

- ``latency_s`` and ``jitter_s``: each chunk waits latency +- jitter (uniform) before it is forwarded;
- ``bandwidth_bps``: bytes per second per direction, by sleeping after each chunk;
- ``blackhole``: data in both directions is read and dropped (connections stay open, nothing answers),
  like packets lost on the way; new connections are accepted and blackholed too (lifting the hole lets
  their next bytes through);
- ``reset``: every open connection is reset (RST) now, and new ones are reset as they arrive;
- ``close_after_bytes``: a connection is closed once it has carried that many bytes (both directions);
- ``answer``: whatever the client sends is not forwarded; these bytes are sent back and the connection closed
  (a canned reply, such as an HTTP 500 from a peer's front end).

The loop runs in a daemon thread of its own, so synchronous tests and fixtures start, toggle and stop it;
nothing here knows which protocol it carries (PostgreSQL, Redis, HTTP peers alike).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections.abc import Iterator

import attrs

_CHUNK = 65536
_STARTUP_S = 5.0


@attrs.frozen
class Faults:
    """The faults in force; the proxy swaps the whole value, so a chunk always sees one consistent set."""

    latency_s: float = 0.0
    jitter_s: float = 0.0
    bandwidth_bps: int | None = None
    blackhole: bool = False
    reset: bool = False
    close_after_bytes: int | None = None
    answer: bytes | None = None


@attrs.define(eq=False)  # hashed by identity: the proxy keeps its open links in a set
class _Link:
    """One proxied connection: its two writers and the bytes it has carried."""

    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter | None = None
    carried: int = 0

    def abort(self) -> None:
        """Reset both sides: SO_LINGER 0 makes the close send RST instead of FIN."""
        for writer in (self.client, self.upstream):
            if writer is None:
                continue
            sock = writer.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()

    def close(self) -> None:
        for writer in (self.client, self.upstream):
            if writer is not None:
                writer.close()


def _slice(faults: Faults) -> int:
    """Bytes written at a time: a twentieth of a second's worth under a bandwidth limit, else a whole chunk."""
    return max(1, faults.bandwidth_bps // 20) if faults.bandwidth_bps else _CHUNK


class FaultProxy:
    """A TCP proxy to ``upstream_host:upstream_port`` on ``127.0.0.1:port``; see the module docstring."""

    def __init__(self, upstream_host: str, upstream_port: int, *, seed: int = 0) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.faults = Faults()
        self.port = 0
        self.accepted = 0
        self._random = random.Random(seed)
        self._links: set[_Link] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle (from any thread) -------------------------------------------------------------------

    def start(self) -> FaultProxy:
        """Start listening (a daemon thread runs the loop); returns once the port is bound."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._accept, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"fault-proxy->{self.upstream[1]}", daemon=True)
        self._thread.start()
        if not ready.wait(_STARTUP_S):
            raise RuntimeError("the fault proxy did not start")
        return self

    def stop(self) -> None:
        """Close the listener and every connection, then end the loop's thread."""
        if self._loop is None or self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(_STARTUP_S)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(_STARTUP_S)
        self._loop.close()
        self._loop = None

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- toggles (from any thread) ----------------------------------------------------------------------

    def set(self, **faults: object) -> None:
        """Put these faults in force (the others keep their values); ``reset=True`` resets open links now."""
        self.faults = attrs.evolve(self.faults, **faults)  # attrs refuses a name that is not a fault
        if self.faults.reset:
            self.reset_connections()

    def clear(self) -> None:
        """No fault: the proxy forwards as a plain relay again."""
        self.faults = Faults()

    @contextlib.contextmanager
    def fault(self, **faults: object) -> Iterator[None]:
        """These faults for the length of a ``with`` block, then none."""
        self.set(**faults)
        try:
            yield
        finally:
            self.clear()

    def reset_connections(self) -> None:
        """Reset (RST) every connection open now; new ones are forwarded unless ``reset`` is in force."""
        if self._loop is not None:
            done = threading.Event()

            def abort_all() -> None:
                for link in list(self._links):
                    link.abort()
                done.set()

            self._loop.call_soon_threadsafe(abort_all)
            done.wait(_STARTUP_S)

    @property
    def open_connections(self) -> int:
        return len(self._links)

    # -- the loop's side --------------------------------------------------------------------------------

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for link in list(self._links):
            link.abort()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        link = _Link(client=writer)
        if self.faults.reset:
            link.abort()
            return
        self._links.add(link)
        try:
            upstream_reader, link.upstream = await asyncio.open_connection(*self.upstream)
            await asyncio.gather(self._pump(reader, link.upstream, link, from_client=True),
                                 self._pump(upstream_reader, writer, link))  # fmt: skip
        except OSError:
            pass
        finally:
            self._links.discard(link)
            link.close()

    @staticmethod
    async def _forward(piece: bytes, sink: asyncio.StreamWriter, link: _Link, faults: Faults) -> bool:
        """Write ``piece``; False once ``close_after_bytes`` is reached (the link is then closed)."""
        room = len(piece) if faults.close_after_bytes is None else max(0, faults.close_after_bytes - link.carried)
        sink.write(piece[:room])
        link.carried += min(room, len(piece))
        with contextlib.suppress(OSError):
            await sink.drain()
        if room <= len(piece) and faults.close_after_bytes is not None:
            link.close()
            return False
        return True

    async def _pump(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, link: _Link, *, from_client: bool = False
    ) -> None:
        """Copy ``source`` to ``sink`` through the faults until either side closes."""
        while chunk := await source.read(_CHUNK):
            faults = self.faults
            if faults.answer is not None and from_client:
                link.client.write(faults.answer)
                with contextlib.suppress(OSError):
                    await link.client.drain()
                link.close()
                return
            if faults.blackhole:
                continue  # dropped on the floor
            if faults.latency_s or faults.jitter_s:
                jitter = self._random.uniform(-faults.jitter_s, faults.jitter_s)
                await asyncio.sleep(max(0.0, faults.latency_s + jitter))
            for start in range(0, len(chunk), _slice(faults)):
                piece = chunk[start : start + _slice(faults)]
                if faults.bandwidth_bps:
                    await asyncio.sleep(len(piece) / faults.bandwidth_bps)
                if not await self._forward(piece, sink, link, faults):
                    return
        if sink.can_write_eof():
            with contextlib.suppress(OSError):
                sink.write_eof()
