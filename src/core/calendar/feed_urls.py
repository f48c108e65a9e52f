"""Feed URLs, pure: the syntax a feed URL must have and the one normalised host it will be fetched from."""

from __future__ import annotations

import ipaddress
import re

import attrs

from core.shared.errors import InvalidInput

MAX_URL_LENGTH = 2000
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = {"http": ("http", 80), "https": ("https", 443), "webcal": ("https", 443)}  # webcal is fetched as https
_PORT = re.compile(r"[0-9]{1,5}")
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
# The last label decides whether a host is an IPv4 address: digits or 0x-hex there make it one (as the WHATWG
# URL standard and inet_aton do: 2130706433, 0177.0.0.1, 0x7f.1, 127.1), so it either parses as one or is refused.
_NUMERIC = re.compile(r"0x[0-9a-f]*|[0-9]+")
_DECIMAL, _OCTAL, _HEX = re.compile(r"[1-9][0-9]*|0"), re.compile(r"0[0-7]+"), re.compile(r"0x[0-9a-f]*")


@attrs.frozen
class FeedTarget:
    """Where a feed URL is fetched from. ``host`` is exactly what is resolved, checked and connected: an IDNA
    A-label name in lower case without a trailing dot, or the compressed text of ``address`` for a literal."""

    scheme: str  # http | https
    host: str
    port: int
    path: str  # the request target: path and query, "/" at least
    address: IPAddress | None  # the host as an address, when it is a literal

    @property
    def url(self) -> str:
        """The normalised URL (what is fetched), without a fragment."""
        host = f"[{self.host}]" if isinstance(self.address, ipaddress.IPv6Address) else self.host
        default = _SCHEMES[self.scheme][1]
        return f"{self.scheme}://{host}{'' if self.port == default else f':{self.port}'}{self.path}"


def _refused(reason: str) -> InvalidInput:
    return InvalidInput("url", reason)  # reasons never quote the input: it may hold secrets


def parse_feed_url(text: str) -> FeedTarget:
    """The target of an http, https or webcal URL, or ``InvalidInput("url", ...)``: another scheme, a user name
    or password, a host that is not a valid name or address (after percent-decoding and IDNA; a zone id, a
    ``%`` left after decoding), a port outside 1-65535, control characters or backslashes anywhere."""
    url = text.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() or not c.isprintable() for c in url):
        raise _refused(f"must be an http, https or webcal URL of at most {MAX_URL_LENGTH} characters")
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in _SCHEMES:
        raise _refused("must be an http, https or webcal URL")
    if "\\" in url:  # clients disagree on whether a backslash ends the host: none is accepted
        raise _refused("must not contain backslashes")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, path = rest[:end], rest[end:].partition("#")[0]
    if "@" in authority:
        raise _refused("must not hold a user name or password")
    host_text, port_text, bracketed = _split_authority(authority)
    scheme, default_port = _SCHEMES[scheme.lower()]
    port = _port(port_text, default_port)
    host, address = _host(host_text, bracketed)
    path = "".join(c if c.isascii() else _percent_encoded(c) for c in path)
    return FeedTarget(scheme, host, port, path if path.startswith("/") else f"/{path}", address)


def _split_authority(authority: str) -> tuple[str, str, bool]:
    if authority.startswith("["):
        host, bracket, after = authority[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise _refused("the host is not a valid name or address")
        return host, after[1:], True
    host, _, port = authority.partition(":")
    return host, port, False


def _port(text: str, default: int) -> int:
    if not text:
        return default
    if not _PORT.fullmatch(text) or not 1 <= int(text) <= 65535:
        raise _refused("the port must be a number from 1 to 65535")
    return int(text)


def _host(text: str, bracketed: bool) -> tuple[str, IPAddress | None]:
    """Decode the host the way an HTTP client would (percent-escapes, IDNA), then accept only what needs no
    further decoding: an IPv6 literal in brackets, an IPv4 address in any inet_aton notation, or a DNS name."""
    try:
        decoded = _percent_decoded(text)
        if not decoded.isascii():
            decoded = decoded.encode("idna").decode("ascii")  # also folds full-width digits and dots
    except UnicodeError:
        raise _refused("the host is not a valid name or address") from None
    if "%" in decoded:  # a zone id, or an escape that would decode a second time
        raise _refused("the host must not hold a zone id or a percent sign once decoded")
    host = decoded.lower()
    if bracketed:
        try:
            address: IPAddress = ipaddress.IPv6Address(host)
        except ValueError:
            raise _refused("the host is not a valid IPv6 address") from None
        return address.compressed, address
    host = host.removesuffix(".")  # one trailing dot names the same host
    labels = host.split(".")
    if _NUMERIC.fullmatch(labels[-1]):
        address = _ipv4(labels)
        return address.compressed, address
    if not host or len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise _refused("the host is not a valid name or address")
    return host, None


def _ipv4(labels: list[str]) -> ipaddress.IPv4Address:
    """inet_aton's reading: 1-4 parts in decimal, octal (leading 0) or hex (0x); the last fills the rest."""
    if len(labels) > 4:
        raise _refused("the host is not a valid IPv4 address")
    numbers = []
    for label in labels:
        if _HEX.fullmatch(label):
            numbers.append(int(label[2:] or "0", 16))
        elif _OCTAL.fullmatch(label):
            numbers.append(int(label, 8))
        elif _DECIMAL.fullmatch(label):
            numbers.append(int(label))
        else:
            raise _refused("the host is not a valid IPv4 address")
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (4 - len(leading)):
        raise _refused("the host is not a valid IPv4 address")
    return ipaddress.IPv4Address(sum(n << (24 - 8 * i) for i, n in enumerate(leading)) + last)


def _percent_decoded(text: str) -> str:
    """Strict percent-decoding as UTF-8 (a broken escape or invalid UTF-8 raises ``UnicodeError``)."""
    raw, i = bytearray(), 0
    while i < len(text):
        if text[i] == "%":
            pair = text[i + 1 : i + 3]
            if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
                raise UnicodeError("broken percent-escape")
            raw.append(int(pair, 16))
            i += 3
        else:
            raw += text[i].encode("utf-8")
            i += 1
    return raw.decode("utf-8")


def _percent_encoded(character: str) -> str:
    return "".join(f"%{byte:02X}" for byte in character.encode("utf-8"))


def without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` removed from its authority, for display and logs (older rows may
    hold credentials: they are never shown)."""
    scheme, separator, rest = url.partition("://")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    if not separator or "@" not in rest[:end]:
        return url
    return f"{scheme}://{rest[:end].rpartition('@')[2]}{rest[end:]}"
