"""A steady load of real writes with idempotency keys, and the log of what the service acknowledged."""

from __future__ import annotations

import threading
import time
from collections import Counter

import attrs
import httpx

PASSWORD = "violet-Harbour-crane-58-quay"


def api_token(base: str, email: str) -> str:
    """Sign in as ``email`` (created beforehand) as an API client; the bearer token."""
    answer = httpx.post(f"{base}/api/auth/login", json={"email": email, "password": PASSWORD, "api_client": True})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["session_token"])


@attrs.define
class DraftLoad:
    """``writers`` threads each create profile drafts one after another, each with its own idempotency key,
    retrying a key until it is acknowledged (201) the way a careful client would; every answer is logged."""

    base: str
    token: str
    writers: int = 3
    prefix: str = "chaos"
    acknowledged: dict[str, str] = attrs.field(factory=dict)  # idempotency key -> profile id
    statuses: Counter[int] = attrs.field(factory=Counter)
    refusals: list[httpx.Response] = attrs.field(factory=list)  # every non-201 answer
    transport_errors: int = 0
    _stop: threading.Event = attrs.field(factory=threading.Event)
    _threads: list[threading.Thread] = attrs.field(factory=list)
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    def start(self) -> DraftLoad:
        for writer in range(self.writers):
            thread = threading.Thread(target=self._write, args=(writer,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop taking new keys; a key in flight is retried until acknowledged (or 60 s pass)."""
        self._stop.set()
        for thread in self._threads:
            thread.join(90)

    def acknowledged_since(self, count: int) -> int:
        return len(self.acknowledged) - count

    def _write(self, writer: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=30) as client:
            number = 0
            while not self._stop.is_set():
                number += 1
                self._until_acknowledged(client, f"{self.prefix}-{writer}-{number}")

    def _until_acknowledged(self, client: httpx.Client, key: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answer = client.post("/api/profiles", json={"display_name": key}, headers={"Idempotency-Key": key})
            except httpx.TransportError:
                with self._lock:
                    self.transport_errors += 1
                time.sleep(0.1)
                continue
            with self._lock:
                self.statuses[answer.status_code] += 1
                if answer.status_code == 201:
                    self.acknowledged[key] = answer.json()["id"]
                    return
                self.refusals.append(answer)
            time.sleep(0.1)
