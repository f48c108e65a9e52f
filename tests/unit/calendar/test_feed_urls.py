"""The pure feed URL check: syntax, host normalisation (every spelling of an address is that address) and
which addresses are public. Hypothesis writes the spellings."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.calendar.feed_addresses import non_public_kind, refusal_among
from core.calendar.feed_urls import FeedTarget, parse_feed_url, without_credentials
from core.shared.errors import InvalidInput

NON_PUBLIC_V4 = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
                 "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4", "192.0.2.0/24", "198.18.0.0/15"]  # fmt: skip


def ipv4_in(network: str) -> st.SearchStrategy[ipaddress.IPv4Address]:
    net = ipaddress.IPv4Network(network)
    return st.integers(int(net.network_address), int(net.broadcast_address)).map(ipaddress.IPv4Address)


def _part(value: int, style: str, upper: bool) -> str:
    text = {"dec": str(value), "oct": "0" + format(value, "o"), "hex": "0x" + format(value, "x")}[style]
    return text.upper() if upper else text


@st.composite
def ipv4_spelling(draw: st.DrawFn, address: ipaddress.IPv4Address) -> str:
    """``address`` as inet_aton reads it: 1-4 parts, each decimal, octal or hex; maybe percent-encoded
    characters, maybe a trailing dot."""
    value, parts = int(address), draw(st.integers(1, 4))
    numbers = [(value >> (24 - 8 * i)) & 0xFF for i in range(parts - 1)] + [value & ((1 << (32 - 8 * (parts - 1))) - 1)]
    styles = st.sampled_from(["dec", "oct", "hex"])
    text = ".".join(_part(n, draw(styles), draw(st.booleans())) for n in numbers) + draw(st.sampled_from(["", "."]))
    encode = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(f"%{ord(c):02x}" if e else c for c, e in zip(text, encode, strict=True))


@given(st.sampled_from(NON_PUBLIC_V4).flatmap(ipv4_in).flatmap(lambda a: st.tuples(st.just(a), ipv4_spelling(a))))
def test_every_spelling_of_a_non_public_ipv4_address_is_that_address_and_is_refused(
    case: tuple[ipaddress.IPv4Address, str],
) -> None:
    address, spelling = case
    target = parse_feed_url(f"http://{spelling}:8311/feed.ics")
    assert target.address == address and target.host == str(address)
    assert non_public_kind(address) is not None
    assert refusal_among(target, [address]) is not None


@given(ipv4_in("0.0.0.0/0").filter(lambda a: a.is_global and not a.is_multicast and a not in
                                   ipaddress.IPv4Network("100.64.0.0/10")).flatmap(
    lambda a: st.tuples(st.just(a), ipv4_spelling(a))))  # fmt: skip
def test_every_spelling_of_a_public_ipv4_address_is_that_address_and_is_fetched(
    case: tuple[ipaddress.IPv4Address, str],
) -> None:
    address, spelling = case
    assert parse_feed_url(f"https://{spelling}/cal.ics").address == address and non_public_kind(address) is None


@given(st.sampled_from(NON_PUBLIC_V4).flatmap(ipv4_in), st.sampled_from(["::ffff:{}", "64:ff9b::{}", "2002:{}::"]))
def test_ipv6_forms_of_a_non_public_ipv4_address_are_refused(address: ipaddress.IPv4Address, form: str) -> None:
    embedded = form.format(address if "2002" not in form else f"{int(address) >> 16:x}:{int(address) & 0xFFFF:x}")
    target = parse_feed_url(f"http://[{embedded}]/")
    assert target.address is not None and non_public_kind(target.address) is not None


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("169.254.169.254", "link-local"), ("10.1.2.3", "private"), ("100.64.0.1", "shared"),
     ("0.0.0.0", "unspecified"), ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"),
     ("fc00::1", "private"), ("ff02::1", "multicast"), ("::7f00:1", "reserved"), ("2001:db8::1", "private"),
     ("8.8.8.8", None), ("2001:4860:4860::8888", None), ("::ffff:8.8.8.8", None), ("64:ff9b::808:808", None)],
)  # fmt: skip
def test_address_kinds(address: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    ("url", "host", "port", "path"),
    [
        ("webcal://Cal.Example.COM./a.ics?x=1#frag", "cal.example.com", 443, "/a.ics?x=1"),
        ("HTTP://münchen.example:8080", "xn--mnchen-3ya.example", 8080, "/"),
        ("https://%63al.example/ä.ics", "cal.example", 443, "/%C3%A4.ics"),
        ("http://[2001:4860:4860:0::8888]:80/", "2001:4860:4860::8888", 80, "/"),
        ("https://calendar.google.com/calendar/ical/someone@gmail.com/public/basic.ics", "calendar.google.com",
         443, "/calendar/ical/someone@gmail.com/public/basic.ics"),
    ],
)  # fmt: skip
def test_hosts_are_normalised_to_what_is_resolved_and_connected(url: str, host: str, port: int, path: str) -> None:
    target = parse_feed_url(url)
    assert (target.host, target.port, target.path) == (host, port, path)
    assert parse_feed_url(target.url) == target  # the normalised URL reads back as the same target


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/cal.ics", "must be an http, https or webcal URL"),
        ("file:///etc/passwd", "must be an http, https or webcal URL"),
        ("https://user:secret@cal.example/", "must not hold a user name or password"),
        ("https://token@cal.example/", "must not hold a user name or password"),
        ("https://cal.example\\@127.0.0.1/", "must not contain backslashes"),
        ("https://cal.example:0/", "the port must be a number from 1 to 65535"),
        ("https://cal.example:65536/", "the port must be a number from 1 to 65535"),
        ("https://cal.example:\uff18\uff10/", "the port must be a number from 1 to 65535"),
        ("http://[fe80::1%25eth0]/", "the host must not hold a zone id"),
        ("http://127.0.0.%2531/", "the host must not hold a zone id or a percent sign"),
        ("http://127.0.0.256/", "the host is not a valid IPv4 address"),
        ("http://08.0.0.1/", "the host is not a valid IPv4 address"),
        ("http://1.2.3.4.5/", "the host is not a valid IPv4 address"),
        ("http://cal.example.123/", "the host is not a valid IPv4 address"),
        ("http://cal%2fexample/", "the host is not a valid name or address"),
        ("http://cal%zzexample/", "the host is not a valid name or address"),
        ("http://[127.0.0.1]/", "the host is not a valid IPv6 address"),
        ("http:///cal.ics", "the host is not a valid name or address"),
        ("http://cal.example/\u202ecal.ics", "must be an http, https or webcal URL of at most"),
        ("http://cal.example/a b", "must be an http, https or webcal URL of at most"),
        ("https://cal.example/" + "a" * 2000, "must be an http, https or webcal URL of at most"),
    ],
)
def test_urls_that_would_never_be_fetched_are_refused_naming_url(url: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_feed_url(url)
    assert refused.value.field == "url" and refused.value.reason.startswith(reason)
    assert "secret" not in str(refused.value)


@given(st.text(st.characters(blacklist_characters="/?#@", blacklist_categories=("Cs",)), min_size=1),
       st.sampled_from(["", "/a.ics", "/p@th?q=@#@"]))  # fmt: skip
def test_credentials_are_never_shown(secret: str, rest: str) -> None:
    shown = without_credentials(f"https://me:{secret}@cal.example{rest}")
    assert shown == f"https://cal.example{rest}" and without_credentials(shown) == shown


def test_refusals_name_the_host_and_the_address_never_the_url() -> None:
    target = FeedTarget("https", "inside.example", 443, "/private-token.ics", None)
    reason = refusal_among(target, [ipaddress.ip_address("8.8.8.8"), ipaddress.ip_address("10.0.0.7")])
    assert (
        reason
        == "inside.example resolves to a private address (10.0.0.7); feeds are fetched from public addresses only"
    )
    assert refusal_among(target, [ipaddress.ip_address("8.8.8.8")]) is None
