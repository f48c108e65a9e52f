"""Breach adapters (range API over loopback HTTP, offline range files), the corpus builder, zxcvbn."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.contracts.breached_passwords import SEEDED, BreachedPasswordsContract

from adapters.breach.build_corpus import main as build_corpus
from adapters.breach.build_corpus import select, write_ranges
from adapters.breach.http_range import HttpRangeBreachedPasswords
from adapters.breach.k_anonymity import parse_range, sha1_hex
from adapters.breach.offline_range import OfflineRangeBreachedPasswords
from adapters.breach.zxcvbn_strength import ZxcvbnStrengthEstimator


class RangeApi(BaseHTTPRequestHandler):
    """A loopback stand-in for the range API: padded answers, and records which prefixes it saw."""

    seen: list[str] = []
    corpus: dict[str, str] = {}

    def do_GET(self) -> None:
        prefix = self.path.rsplit("/", 1)[-1]
        RangeApi.seen.append(self.path)
        lines = [f"{h[5:]}:{3}" for h in self.corpus if h.startswith(prefix)]
        lines += [f"{'0' * 35}:0"] * 5  # padding
        body = "\r\n".join(lines).encode()
        self.send_response(200 if self.headers.get("Add-Padding") == "true" else 400)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def range_api() -> Iterator[str]:
    RangeApi.corpus = {sha1_hex(p): p for p in SEEDED}
    server = ThreadingHTTPServer(("127.0.0.1", 0), RangeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class TestHttpRangeBreachedPasswords(BreachedPasswordsContract):
    @pytest.fixture
    def breached(self, range_api: str) -> HttpRangeBreachedPasswords:
        return HttpRangeBreachedPasswords(range_api, timeout_s=2)

    @pytest.fixture
    def unavailable(self) -> HttpRangeBreachedPasswords:
        return HttpRangeBreachedPasswords("http://127.0.0.1:9", timeout_s=0.5)  # discard port: refused


class TestOfflineRangeBreachedPasswords(BreachedPasswordsContract):
    @pytest.fixture
    def breached(self, tmp_path: Path) -> OfflineRangeBreachedPasswords:
        write_ranges(SEEDED, tmp_path, prefix_length=5)
        return OfflineRangeBreachedPasswords(tmp_path, prefix_length=5)

    @pytest.fixture
    def unavailable(self, tmp_path: Path) -> OfflineRangeBreachedPasswords:
        return OfflineRangeBreachedPasswords(tmp_path / "missing")


def test_only_five_hex_characters_leave(range_api: str) -> None:
    RangeApi.seen.clear()
    HttpRangeBreachedPasswords(range_api).is_breached("password")
    assert RangeApi.seen == ["/range/" + sha1_hex("password")[:5]]


def test_parse_range_drops_padding_and_junk() -> None:
    assert parse_range("ABC:2\r\nDEF:0\nnonsense\nghi:7\n") == {"ABC": 2, "GHI": 7}


def test_shipped_corpus_flags_common_and_long_common_passwords() -> None:
    shipped = OfflineRangeBreachedPasswords.shipped()
    assert shipped.is_breached("password") and shipped.is_breached("123456")
    assert shipped.is_breached("1q2w3e4r5t6y")  # 12 characters, in zxcvbn's list
    assert not shipped.is_breached("violet-Harbour-crane-58")
    size = sum(p.stat().st_size for p in Path(shipped._directory).glob("*.txt"))
    assert 50_000 < size < 400_000


def test_builder_script_writes_range_files(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("hunter2\nletmein\nhunter2\n")
    assert build_corpus([str(tmp_path / "out"), "--words", str(words), "--prefix-length", "1"]) == 0
    adapter = OfflineRangeBreachedPasswords(tmp_path / "out", prefix_length=1)
    assert adapter.is_breached("hunter2") and adapter.is_breached("letmein")
    assert select(["a", "bbbbbbbbbbbb", "c", "dddddddddddd"], top=1, long_from=10) == [
        "a",
        "bbbbbbbbbbbb",
        "dddddddddddd",
    ]


def test_zxcvbn_scores_and_uses_user_inputs() -> None:
    zx = ZxcvbnStrengthEstimator()
    assert zx.estimate("password123", ()).score < 3
    assert zx.estimate("violet-Harbour-crane-58", ()).score >= 3
    assert zx.estimate("annleeexample", ("annleeexample@x.io", "annleeexample")).score < 3
    weak = zx.estimate("qwerty", ())
    assert weak.hints
    assert zx.estimate("x" * 128, ()).score < 3  # 128 characters are scored, not refused


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=140), st.emails())
def test_zxcvbn_scores_any_text_without_raising(password: str, email: str) -> None:
    estimate = ZxcvbnStrengthEstimator().estimate(password, (email, email.split("@")[0]))
    assert 0 <= estimate.score <= 4
