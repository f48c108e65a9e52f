"""`rastup ops synthetic --base-url URL`: a customer's journey against a running service, step by step.

Sign up, verify the address with the code from the test mail peer, sign in, search, open a profile, book its
first free slot and pay in test mode, read the booking, cancel it, set up a second factor and step up with it,
and delete the synthetic account (so runs every 15 minutes leave no accounts behind). Each step
prints one JSON line (name, status, milliseconds); the first step that fails ends the run with exit 1 and names
the step, so a cron every 15 minutes (alert after two failures in a row) points at what broke. It talks HTTP only:
it runs against any deployment whose mail peer it can read (the file outbox, ``EMAIL_BACKEND=outbox``).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Annotated, Any

import attrs
import httpx
import pyotp
import typer

app = typer.Typer(help="Operations checks against a running service.", no_args_is_help=True)
CODE = re.compile(r"Your code is (\w+)")
PASSWORD_CHARS = 24


class StepFailed(Exception):
    """A step got an answer it should not have: what was asked and what came back."""


@attrs.define
class FileMailPeer:
    """Reads the codes the service wrote to its file outbox (``OUTBOX_DIR``), newest first."""

    directory: Path
    wait_s: float = 10.0

    def code_for(self, address: str) -> str:
        deadline = time.monotonic() + self.wait_s
        while time.monotonic() < deadline:
            for path in sorted(self.directory.glob(f"*-{address}.eml"), reverse=True):
                if (found := CODE.search(_text(message_from_bytes(path.read_bytes())))) is not None:
                    return found.group(1)
            time.sleep(0.1)
        raise StepFailed(f"no code for {address} in {self.directory} within {self.wait_s:g} s")


def _text(message: Message) -> str:
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    payload = part.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


@attrs.define
class Journey:
    """The customer's steps, sharing what earlier steps learned (the token, the profile, the booking)."""

    http: httpx.Client
    mail: FileMailPeer
    query: str
    city: str
    email: str = attrs.field(factory=lambda: f"synthetic+{secrets.token_hex(6)}@example.com")
    password: str = attrs.field(factory=lambda: secrets.token_urlsafe(PASSWORD_CHARS), repr=False)
    seen: dict[str, Any] = attrs.field(factory=dict)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("sign-up", self.sign_up), ("verify-email", self.verify_email), ("sign-in", self.sign_in),
            ("search", self.search), ("open-profile", self.open_profile), ("find-slot", self.find_slot),
            ("checkout", self.checkout), ("read-booking", self.read_booking), ("cancel", self.cancel),
            ("second-factor", self.second_factor), ("delete-account", self.delete_account),
        ]  # fmt: skip

    def _call(self, method: str, path: str, expect: int | tuple[int, ...], **options: Any) -> httpx.Response:
        token = self.seen.get("token")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = self.http.request(method, path, headers={**headers, **options.pop("headers", {})}, **options)
        if answer.status_code not in (expect if isinstance(expect, tuple) else (expect,)):
            raise StepFailed(f"{method} {path}: {answer.status_code}, wanted {expect}: {answer.text[:300]}")
        return answer

    def sign_up(self) -> None:
        self._call("POST", "/api/auth/signup", 202, json={"email": self.email, "password": self.password})

    def verify_email(self) -> None:
        body = {"email": self.email, "code": self.mail.code_for(self.email)}
        self._call("POST", "/api/auth/verify-email", 204, json=body)

    def sign_in(self) -> None:
        body = {"email": self.email, "password": self.password, "api_client": True}
        self.seen["token"] = self._call("POST", "/api/auth/login", 200, json=body).json()["session_token"]

    def search(self) -> None:
        params = {"q": self.query, "city": self.city, "limit": 24}
        results = self._call("GET", "/api/search/people", 200, params=params).json()["results"]
        if not results:
            raise StepFailed(f"no results for q={self.query!r} city={self.city!r}")
        self.seen["candidates"] = [result["id"] for result in results]

    def open_profile(self) -> None:
        for profile_id in self.seen["candidates"]:
            services = self._call("GET", f"/api/profiles/{profile_id}/services", 200).json()
            if services:
                self._call("GET", f"/api/profiles/{profile_id}/public", 200)
                self.seen["profile_id"], self.seen["service"] = profile_id, services[0]
                return
        raise StepFailed("no profile among the results offers a bookable service")

    def find_slot(self) -> None:
        minutes = self.seen["service"]["min_duration_minutes"]
        params = {"days": 14, "duration": max(minutes, 60)}
        found = self._call("GET", f"/api/profiles/{self.seen['profile_id']}/availability", 200, params=params).json()
        slot = next(iter(found["slots"]), None)  # the earliest free slot of the asked duration
        if slot is None:
            raise StepFailed(f"no free slot in 14 days at {self.seen['profile_id']}")
        self.seen["slot"] = slot

    def checkout(self) -> None:
        slot, run = self.seen["slot"], secrets.token_hex(8)
        body = {"serviceProfileId": self.seen["service"]["id"], "startTs": slot["start_utc"], "endTs": slot["end_utc"]}
        started = self._call("POST", "/api/checkout/start", 200, json=body, headers={"Idempotency-Key": f"s-{run}"})
        confirm = {"txnId": started.json()["txnId"], "method": "pm_card_visa"}
        paid = self._call(
            "POST", "/api/checkout/confirm", (200, 202), json=confirm, headers={"Idempotency-Key": f"c-{run}"}
        )
        if paid.json().get("state") not in ("confirmed", "requested"):
            raise StepFailed(f"checkout ended {paid.json().get('state')!r}")
        self.seen["booking_id"] = started.json()["txnId"]

    def read_booking(self) -> None:
        self._call("GET", f"/api/bookings/{self.seen['booking_id']}", 200)

    def cancel(self) -> None:
        cancelled = self._call("POST", f"/api/bookings/{self.seen['booking_id']}/cancel", 200, json={})
        if cancelled.json().get("state") != "cancelled":
            raise StepFailed(f"cancel left the booking {cancelled.json().get('state')!r}")

    def second_factor(self) -> None:
        """Set up TOTP (the code from the provisioning URI's secret), then step up with a recovery code: deleting
        an account needs a recent second factor, and a recovery code needs no wait for the next TOTP window."""
        uri = self._call("POST", "/api/auth/mfa/totp/enroll", 200).json()["provisioning_uri"]
        code = pyotp.parse_uri(uri).now()
        confirmed = self._call("POST", "/api/auth/mfa/totp/confirm", 200, json={"code": code}).json()
        self.seen["token"] = confirmed["session_token"]
        body = {"recovery_code": confirmed["recovery_codes"][0]}
        self.seen["token"] = self._call("POST", "/api/auth/mfa/challenge", 200, json=body).json()["session_token"]

    def delete_account(self) -> None:
        self._call("DELETE", "/api/auth/account", 204, params={"confirm": "true"})


def run(journey: Journey) -> Iterator[dict[str, Any]]:
    """Each step's report, in order, until one fails (its report carries ``error``)."""
    for name, step in journey.steps():
        began = time.perf_counter()
        try:
            step()
        except (StepFailed, httpx.HTTPError, KeyError, ValueError, TypeError) as error:
            yield {"step": name, "ok": False, "ms": _ms(began), "error": f"{type(error).__name__}: {error}"}
            return
        yield {"step": name, "ok": True, "ms": _ms(began)}


def _ms(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 1)


@app.command()
def synthetic(
    base_url: Annotated[str, typer.Option(help="The service, e.g. https://rastup.example.")],
    mail_dir: Annotated[Path, typer.Option(help="The service's file outbox (OUTBOX_DIR), where codes arrive.")],
    query: Annotated[str, typer.Option(help="What the customer searches for.")] = "photographer",
    city: Annotated[str, typer.Option(help="Where.")] = "los-angeles",
    timeout_s: Annotated[float, typer.Option(min=0.1, max=120, help="Per request.")] = 10.0,
) -> None:
    """Walk a customer's journey; one JSON line per step. Exit 1 naming the first step that failed."""
    with httpx.Client(base_url=base_url, timeout=timeout_s) as http:
        journey = Journey(http, FileMailPeer(mail_dir), query, city)
        for report in run(journey):
            typer.echo(json.dumps({**report, "at": datetime.now(UTC).isoformat()}))
            if not report["ok"]:
                typer.echo(f"synthetic journey failed at step {report['step']}: {report['error']}", err=True)
                raise typer.Exit(1)
