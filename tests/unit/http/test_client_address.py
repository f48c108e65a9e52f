"""Behind trusted proxies the forwarded client counts (rate limits, devices, risk); from anyone else, never."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, SettingsError
from tests.unit.http.identity_world import PASSWORD, AuthWorld, auth, running_auth  # noqa: F401 -- fixture

SIGNUP = {"password": "short"}  # refused (422) without writing anything: each attempt only counts


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[AuthWorld]:
    # Litestar's test client connects from the literal host "testclient": it plays the load balancer here.
    yield from running_auth(tmp_path, trusted_proxies=("testclient", "10.0.0.0/8"),
                            geo_country_header="CF-IPCountry", geo_asn_header="CloudFront-Viewer-ASN")  # fmt: skip


def _signup_statuses(world: AuthWorld, forwarded_for: str, count: int) -> list[int]:
    return [
        world.client.post(
            "/api/auth/signup",
            json={"email": f"u{n}@example.com", **SIGNUP},
            headers={"X-Forwarded-For": forwarded_for},
        ).status_code
        for n in range(count)
    ]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_rate_limit(behind_proxy: AuthWorld) -> None:
    assert set(_signup_statuses(behind_proxy, "203.0.113.7", 10)) == {422}
    assert _signup_statuses(behind_proxy, "203.0.113.7", 1) == [429]  # that client's budget is spent...
    # ...not the next one's: the proxy's own address and a trusted hop in the chain are skipped
    assert set(_signup_statuses(behind_proxy, "198.51.100.4, 10.1.2.3", 10)) == {422}


def test_without_trusted_proxies_a_forged_forwarded_for_buys_no_fresh_budget(auth: AuthWorld) -> None:  # noqa: F811
    statuses = [_signup_statuses(auth, f"203.0.113.{n}", 1)[0] for n in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429  # one bucket: the socket peer's


PARIS = {"X-Forwarded-For": "203.0.113.7", "CF-IPCountry": "fr", "CloudFront-Viewer-ASN": "AS3215"}
SYDNEY = {"X-Forwarded-For": "198.51.100.20", "CF-IPCountry": "AU", "CloudFront-Viewer-ASN": "1221"}


def _login(world: AuthWorld, headers: dict[str, str]) -> Any:
    return world.client.post("/api/auth/login", json={"email": "ann@example.com", "password": PASSWORD},
                             headers=headers)  # fmt: skip


def test_the_trusted_proxys_geo_headers_reach_the_device_record(behind_proxy: AuthWorld) -> None:
    behind_proxy.client.headers.update(PARIS)  # signs up and signs in from Paris
    behind_proxy.signed_up()
    signed_in = _login(behind_proxy, PARIS)
    assert signed_in.status_code == 200, signed_in.text
    (device,) = behind_proxy.client.get("/api/auth/devices").json()
    assert device["ip_prefix"] == "203.0.113.0/24" and device["country"] == "FR"


def test_a_sign_in_from_a_new_country_and_network_needs_the_captcha(behind_proxy: AuthWorld) -> None:
    behind_proxy.client.headers.update(PARIS)
    behind_proxy.signed_up()
    del behind_proxy.client.headers["CF-IPCountry"], behind_proxy.client.headers["CloudFront-Viewer-ASN"]
    refused = _login(behind_proxy, SYDNEY)  # new device, new country, new network: 75 >= 70
    assert refused.status_code == 401 and refused.json()["type"] == "/problems/captcha-required"
    assert _login(behind_proxy, PARIS).status_code == 200


def test_geo_headers_from_an_untrusted_peer_are_ignored(auth: AuthWorld) -> None:  # noqa: F811
    auth.signed_up()
    answer = auth.client.post(
        "/api/auth/login",
        json={"email": "ann@example.com", "password": PASSWORD},
        headers={"CF-IPCountry": "FR", "X-Forwarded-For": "203.0.113.7"},
    )
    assert answer.status_code == 200, answer.text
    (device,) = auth.client.get("/api/auth/devices").json()
    assert device["country"] is None and not device["ip_prefix"].startswith("203.0.113")


@pytest.mark.parametrize("raw", ["10.0.0.0/33", "proxy.internal", "10.0.0.1;10.0.0.2"])
def test_trusted_proxies_must_be_addresses_or_networks(raw: str) -> None:
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        Settings.from_env({"TRUSTED_PROXIES": raw})


def test_trusted_proxies_are_read_from_the_environment() -> None:
    settings = Settings.from_env({"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10", "GEO_COUNTRY_HEADER": "CF-IPCountry"})
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.0.2.10")
    assert settings.geo_country_header == "CF-IPCountry"
