"""The feed fetcher never opens a connection inward: every spelling of loopback against a real listener on
127.0.0.1 (which must accept nothing), with and without proxy variables; pinning; the configured proxy."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.ics.addresses import ResolvingFeedAddressPolicy, system_resolver
from adapters.ics.connect import NonPublicPeer, open_socket
from adapters.ics.fetch import HttpFeedFetcher
from core.calendar.feed_urls import parse_feed_url
from core.calendar.feeds import FeedFetched, FeedFetchFailed, FetchFailure
from core.shared.errors import InvalidInput

BODY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
LOOPBACK_SPELLINGS = [
    "http://127.0.0.%31:{port}/feed.ics",  # percent-encoded digit
    "http://127.0.0.%2531:{port}/feed.ics",  # encoded twice
    "http://2130706433:{port}/",  # one decimal number
    "http://0177.0.0.1:{port}/",  # octal
    "http://0x7f.0.0.1:{port}/",  # hex part
    "http://0x7f000001:{port}/",  # one hex number
    "http://127.1:{port}/",  # short form
    "http://127.0.0.1.:{port}/",  # trailing dot
    "http://%31%32%37%2e%30%2e%30%2e%31:{port}/",  # every character encoded
    "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{port}/",  # full-width digits (IDNA folds them)
    "http://127\u30020\u30020\u30021:{port}/",  # ideographic full stops
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]:{port}/",
    "http://[64:ff9b::7f00:1]:{port}/",  # NAT64
    "http://[::1]:{port}/",
    "http://[fe80::1%25lo]:{port}/",  # zone id
    "http://0:{port}/",  # 0.0.0.0 reaches this host on Linux
    "http://0.0.0.0:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST.:{port}/",
    "http://%6c%6f%63%61%6c%68%6f%73%74:{port}/",  # "localhost" encoded
    "HTTP://127.0.0.1:{port}/",
    "webcal://127.0.0.1:{port}/",
    "http://me:hunter2@127.0.0.1:{port}/",
    "http://public.example\\@127.0.0.1:{port}/",
    "http://rebound.test:{port}/",  # resolves to a public address and loopback: every address is checked
]


class Listener:
    """A TCP listener on 127.0.0.1 that never accepts by itself: ``accepted()`` drains and counts the backlog."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.sock.getsockname()[1]

    def accepted(self) -> int:
        self.sock.setblocking(False)
        count = 0
        while True:
            try:
                connection, _ = self.sock.accept()
            except BlockingIOError:
                return count
            connection.close()
            count += 1


@pytest.fixture
def listener() -> Iterator[Listener]:
    opened = Listener()
    yield opened
    opened.sock.close()


def fake_dns(host: str, port: int) -> list[str]:
    """Names that exist only for these tests (the fetcher takes its resolver as an argument)."""
    table = {"rebound.test": ["8.8.8.8", "127.0.0.1"], "feed.test": ["127.0.0.1"], "localhost": ["127.0.0.1"]}
    if host not in table:
        raise socket.gaierror(socket.EAI_NONAME, "not found")
    return table[host]


@pytest.mark.parametrize("proxy_variables", [False, True], ids=["no-proxy-env", "proxy-env"])
@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_no_spelling_of_loopback_opens_a_connection(
    listener: Listener, spelling: str, proxy_variables: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if proxy_variables:  # a proxy in the environment (pointing at the listener too) changes nothing
        for name in PROXY_VARIABLES:
            monkeypatch.setenv(name, f"http://127.0.0.1:{listener.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
    url = spelling.format(port=listener.port)
    resolvers = [fake_dns] if ".test:" in url else [fake_dns, system_resolver]  # .test names: fake DNS only
    for fetcher in (HttpFeedFetcher(timeout=2, resolve=resolve) for resolve in resolvers):
        outcome = fetcher.fetch(url, None, None)
        assert isinstance(outcome, FeedFetchFailed) and outcome.failure is FetchFailure.UNREACHABLE, outcome
        assert outcome.detail.startswith("refused:") and "hunter2" not in outcome.detail, outcome.detail
    assert listener.accepted() == 0


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_creation_refuses_every_spelling_the_fetcher_refuses(spelling: str) -> None:
    """At creation: either the pure syntax check or the resolving policy refuses it, so nothing is stored."""
    try:
        target = parse_feed_url(spelling.format(port=8311))
    except InvalidInput as error:
        assert error.field == "url" and "hunter2" not in str(error)
        return
    assert ResolvingFeedAddressPolicy(resolve=fake_dns).refusal(target) is not None
    assert ResolvingFeedAddressPolicy(resolve=fake_dns, allow_private=True).refusal(target) is None


class Recorder(BaseHTTPRequestHandler):
    hosts: list[str] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        Recorder.hosts.append(self.headers.get("Host", ""))
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture(scope="module")
def server_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_checked_address_is_connected_and_the_name_is_sent_as_host(
    server_port: int, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pinning: ``feed.test`` exists only in the fetcher's resolver, so nothing else resolved it; and the
    environment's proxy (the listener) is not used even when private addresses are allowed."""
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, f"http://127.0.0.1:{listener.port}")
    fetcher = HttpFeedFetcher(timeout=2, allow_private=True, resolve=fake_dns)
    assert fetcher.fetch(f"http://feed.test:{server_port}/feed.ics", None, None) == FeedFetched(BODY, None, None)
    assert Recorder.hosts[-1] == f"feed.test:{server_port}" and listener.accepted() == 0


def test_a_peer_that_is_not_public_is_refused_after_connecting_before_a_byte_is_sent(listener: Listener) -> None:
    """Defence in depth: should an inside address ever reach the connect step, the peer check stops it."""
    target = parse_feed_url(f"http://feed.test:{listener.port}/")
    with pytest.raises(NonPublicPeer, match="loopback"):
        open_socket(target, ipaddress.IPv4Address("127.0.0.1"), 2.0, None, allow_private=False)
    connection, _ = listener.sock.accept()
    with connection:
        assert connection.recv(64) == b""  # it reached the listener and was closed before a byte was sent
    with open_socket(target, ipaddress.IPv4Address("127.0.0.1"), 2.0, None, allow_private=True):
        pass  # allowed on purpose: the same peer passes


class TunnelProxy:
    """A CONNECT proxy in a thread: records each request line, then pipes bytes both ways."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            head = b""
            while b"\r\n\r\n" not in head:
                head += client.recv(1024)
            line = head.split(b"\r\n", 1)[0].decode()
            self.requests.append(line)
            host, _, port = line.split()[1].rpartition(":")
            upstream = socket.create_connection((host, int(port)))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            sink.close()


def test_a_configured_proxy_tunnels_to_the_checked_address_and_the_check_still_applies(
    server_port: int, listener: Listener
) -> None:
    proxy = TunnelProxy()
    try:
        allowed = HttpFeedFetcher(timeout=2, allow_private=True, proxy=f"http://127.0.0.1:{proxy.port}",
                                  resolve=fake_dns)  # fmt: skip
        assert allowed.fetch(f"http://feed.test:{server_port}/feed.ics", None, None) == FeedFetched(BODY, None, None)
        assert proxy.requests == [f"CONNECT 127.0.0.1:{server_port} HTTP/1.1"]  # the address, never the name
        refusing = HttpFeedFetcher(timeout=2, proxy=f"http://127.0.0.1:{proxy.port}", resolve=fake_dns)
        outcome = refusing.fetch(f"http://127.0.0.%31:{listener.port}/", None, None)
        assert isinstance(outcome, FeedFetchFailed) and outcome.detail.startswith("refused:")
        assert len(proxy.requests) == 1 and listener.accepted() == 0
    finally:
        proxy.sock.close()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, ssl.SSLContext]]:
    """An HTTPS server on 127.0.0.1 whose certificate names only ``feed.test``; the context trusts it."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=feed.test",
                    "-addext", "subjectAltName=DNS:feed.test"], check=True, capture_output=True)  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    serving = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    serving.load_cert_chain(cert, key)
    server.socket = serving.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], ssl.create_default_context(cafile=str(cert))
    server.shutdown()
    server.server_close()


def test_https_connects_to_the_checked_address_and_verifies_the_name(tls_server: tuple[int, ssl.SSLContext]) -> None:
    port, trusted = tls_server
    fetcher = HttpFeedFetcher(timeout=2, allow_private=True, resolve=fake_dns, tls=trusted)
    assert fetcher.fetch(f"https://feed.test:{port}/feed.ics", None, None) == FeedFetched(BODY, None, None)
    assert Recorder.hosts[-1] == f"feed.test:{port}"
    by_address = fetcher.fetch(f"https://127.0.0.1:{port}/feed.ics", None, None)  # the certificate names feed.test
    assert isinstance(by_address, FeedFetchFailed) and "CERTIFICATE_VERIFY_FAILED" in by_address.detail
