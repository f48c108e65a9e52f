"""The chaos harness's fault proxy against a loopback echo server: each fault does what it says, toggled live."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections.abc import Iterator

import pytest

from tests.harness.fault_proxy import FaultProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        with contextlib.suppress(ConnectionResetError):  # the reset tests reset the proxy's upstream side too
            while data := self.request.recv(65536):
                self.request.sendall(data)


@pytest.fixture(scope="module")
def echo_port() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(echo_port: int) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", echo_port) as running:
        yield running


def _connect(proxy: FaultProxy, timeout: float = 2.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=timeout)


def _roundtrip(conn: socket.socket, payload: bytes) -> bytes:
    conn.sendall(payload)
    received = b""
    while len(received) < len(payload):
        chunk = conn.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def test_without_faults_it_relays_both_ways(proxy: FaultProxy) -> None:
    with _connect(proxy) as conn:
        assert _roundtrip(conn, b"hello") == b"hello"
    assert proxy.accepted == 1


def test_latency_delays_each_chunk_and_clearing_it_takes_effect_on_the_open_connection(proxy: FaultProxy) -> None:
    with _connect(proxy) as conn:
        proxy.set(latency_s=0.2)
        started = time.monotonic()
        assert _roundtrip(conn, b"slow") == b"slow"
        assert time.monotonic() - started >= 0.4  # 0.2 s each way
        proxy.clear()
        started = time.monotonic()
        assert _roundtrip(conn, b"fast") == b"fast"
        assert time.monotonic() - started < 0.2


def test_jitter_stays_within_its_bounds(proxy: FaultProxy) -> None:
    proxy.set(latency_s=0.05, jitter_s=0.05)
    with _connect(proxy) as conn:
        for _ in range(3):
            started = time.monotonic()
            assert _roundtrip(conn, b"j") == b"j"
            assert time.monotonic() - started < 0.2 + 0.15  # at most (0.05 + 0.05) twice, plus scheduling


def test_bandwidth_limits_the_bytes_per_second(proxy: FaultProxy) -> None:
    proxy.set(bandwidth_bps=100_000)
    payload = b"x" * 30_000
    with _connect(proxy, timeout=5) as conn:
        started = time.monotonic()
        assert _roundtrip(conn, payload) == payload
        assert time.monotonic() - started >= 0.28  # 0.3 s each way at 100 kB/s; the two directions overlap


def test_blackhole_drops_data_without_closing_and_lifting_it_lets_new_data_through(proxy: FaultProxy) -> None:
    with _connect(proxy, timeout=0.5) as conn:
        proxy.set(blackhole=True)
        conn.sendall(b"lost")
        with pytest.raises(TimeoutError):
            conn.recv(10)
        proxy.clear()
        conn.settimeout(3)
        assert _roundtrip(conn, b"back") == b"back"  # the lost bytes stay lost; the connection lives


def test_a_connection_opened_into_the_blackhole_is_accepted_but_never_answered(proxy: FaultProxy) -> None:
    proxy.set(blackhole=True)
    with _connect(proxy, timeout=0.3) as conn:
        conn.sendall(b"anyone?")
        with pytest.raises(TimeoutError):
            conn.recv(10)


def test_reset_aborts_open_connections_and_refuses_new_ones_until_cleared(proxy: FaultProxy) -> None:
    conn = _connect(proxy)
    assert _roundtrip(conn, b"a") == b"a"
    proxy.set(reset=True)
    with pytest.raises(ConnectionResetError):
        conn.sendall(b"b")
        conn.recv(10)
    conn.close()
    # refused: the reset may come while connecting (the proxy accepts, then resets at once) or at the first read
    with pytest.raises(ConnectionResetError), _connect(proxy) as refused:
        refused.sendall(b"c")
        refused.recv(10)
    proxy.clear()
    with _connect(proxy) as again:
        assert _roundtrip(again, b"d") == b"d"


def test_reset_connections_is_a_one_off_that_leaves_new_connections_alone(proxy: FaultProxy) -> None:
    conn = _connect(proxy)
    assert _roundtrip(conn, b"a") == b"a"
    proxy.reset_connections()
    with pytest.raises(ConnectionResetError):
        conn.sendall(b"b")
        conn.recv(10)
    conn.close()
    with _connect(proxy) as fresh:
        assert _roundtrip(fresh, b"c") == b"c"


def test_close_after_bytes_cuts_the_connection_once_it_has_carried_that_many(proxy: FaultProxy) -> None:
    proxy.set(close_after_bytes=10)  # 4 out + 4 back, then 2 of the next 4 out
    with _connect(proxy) as conn:
        assert _roundtrip(conn, b"abcd") == b"abcd"
        conn.sendall(b"efgh")
        assert conn.recv(10) == b""  # the upstream got "ef" and nothing comes back: closed
    assert proxy.open_connections == 0 or _eventually(lambda: proxy.open_connections == 0)


def test_answer_replies_in_the_peers_place_and_closes_and_clearing_it_relays_again(proxy: FaultProxy) -> None:
    canned = b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    with proxy.fault(answer=canned), _connect(proxy) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\n\r\n")
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        assert received == canned  # nothing echoed: the request never reached the peer
    with _connect(proxy) as conn:
        assert _roundtrip(conn, b"hello") == b"hello"


def test_stop_closes_the_listener(echo_port: int) -> None:
    proxy = FaultProxy("127.0.0.1", echo_port).start()
    port = proxy.port
    proxy.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def _eventually(probe: object, deadline_s: float = 2.0) -> bool:
    assert callable(probe)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.02)
    return bool(probe())
