"""Feed connections: TCP to one checked address (directly, or tunnelled through the configured proxy), TLS to
the name. Nothing here resolves the feed's host again, so a DNS answer cannot change between check and connect."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

import attrs

from core.calendar.feed_addresses import non_public_kind
from core.calendar.feed_urls import FeedTarget, IPAddress


class NonPublicPeer(OSError):
    """The socket's peer is not the checked address, or not public: refused before a byte is sent."""


@attrs.frozen
class FeedProxy:
    """An HTTP proxy chosen by the operator (``CALENDAR_FEED_PROXY``); fetches tunnel through it with CONNECT."""

    host: str
    port: int

    @classmethod
    def from_url(cls, url: str) -> FeedProxy | None:
        """``http://host:port`` (no credentials), or ``None`` for an empty setting. Raises ``ValueError``."""
        if not url.strip():
            return None
        parts = urlsplit(url.strip())
        if parts.scheme != "http" or not parts.hostname or parts.username or parts.password or parts.path not in "/":
            raise ValueError("must be http://host:port (no user name or password, no path)")
        if parts.port is None:
            raise ValueError("must name the proxy's port")
        return cls(parts.hostname, parts.port)


def _authority(address: IPAddress, port: int) -> str:
    return f"[{address}]:{port}" if isinstance(address, ipaddress.IPv6Address) else f"{address}:{port}"


def _checked_peer(sock: socket.socket, address: IPAddress, *, allow_private: bool) -> None:
    """Defence in depth after connecting: the peer must be the address that was checked, and public."""
    peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
        peer = peer.ipv4_mapped
    expected = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
    kind = None if allow_private else non_public_kind(peer)
    if peer != expected or kind is not None:
        sock.close()
        raise NonPublicPeer(f"connected to a {kind or 'different'} address ({peer}), not the one checked")


def _tunnel(sock: socket.socket, address: IPAddress, port: int) -> None:
    """Ask the proxy for a tunnel to the checked address itself (never the name: the proxy must not resolve)."""
    authority = _authority(address, port)
    sock.sendall(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode("ascii"))
    reader = sock.makefile("rb", buffering=0)  # unbuffered: not a byte past the proxy's header is consumed
    try:
        status = reader.readline(1024).split(b" ", 2)
        while reader.readline(8192) not in (b"\r\n", b"\n", b""):
            pass
    finally:
        reader.close()
    if len(status) < 2 or status[1] != b"200":
        sock.close()
        raise OSError(f"the proxy refused the tunnel ({b' '.join(status[1:]).decode('latin-1').strip()[:60]})")


def open_socket(
    target: FeedTarget, address: IPAddress, timeout: float, proxy: FeedProxy | None, *, allow_private: bool
) -> socket.socket:
    """A TCP connection reaching ``address`` (already checked) on the target's port. Environment proxy
    variables play no part; with ``proxy`` the connection goes to it and is tunnelled to ``address``."""
    if proxy is None:
        sock = socket.create_connection((str(address), target.port), timeout)
        _checked_peer(sock, address, allow_private=allow_private)
        return sock
    sock = socket.create_connection((proxy.host, proxy.port), timeout)
    try:
        _tunnel(sock, address, target.port)
    except OSError:
        sock.close()
        raise
    return sock


class PinnedConnection(http.client.HTTPConnection):
    """HTTP to ``target.host`` (the Host header) over a socket to the checked ``address``."""

    def __init__(
        self, target: FeedTarget, address: IPAddress, timeout: float, proxy: FeedProxy | None, *, allow_private: bool
    ) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._target, self._address, self._proxy, self._allow_private = target, address, proxy, allow_private
        self._budget = timeout

    def connect(self) -> None:
        self.sock = self._socket()

    def _socket(self) -> socket.socket:
        return open_socket(self._target, self._address, self._budget, self._proxy, allow_private=self._allow_private)


class PinnedTlsConnection(PinnedConnection):
    """HTTPS: the same pinned socket, then TLS verified against ``target.host`` (the name, not the address)."""

    default_port = 443

    def __init__(
        self, target: FeedTarget, address: IPAddress, timeout: float, proxy: FeedProxy | None, *,
        allow_private: bool, context: ssl.SSLContext,
    ) -> None:  # fmt: skip
        super().__init__(target, address, timeout, proxy, allow_private=allow_private)
        self._tls = context

    def connect(self) -> None:
        self.sock = self._tls.wrap_socket(self._socket(), server_hostname=self._target.host)
