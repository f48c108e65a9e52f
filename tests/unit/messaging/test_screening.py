"""The anti-circumvention screen: the labelled corpus's precision and recall, and properties over generated text."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.messaging.circumvention import Action, cooled_until, verdict
from core.messaging.screening import MASK, Kind, masked, redacted_email, redacted_phone, screen
from tests.unit.messaging.messaging_world import T0
from tests.unit.messaging.screening_corpus import CIRCUMVENTING, INNOCENT

WORDS = ["the", "studio", "shoot", "hours", "photos", "great", "see", "you", "at", "on", "for", "and", "light", "we"]


def scores() -> tuple[float, float]:
    caught = sum(1 for text in CIRCUMVENTING if screen(text))
    false_alarms = sum(1 for text in INNOCENT if screen(text))
    return caught / (caught + false_alarms), caught / len(CIRCUMVENTING)


def test_the_corpus_is_big_and_balanced_and_the_screen_holds_its_figures() -> None:
    assert len(INNOCENT) + len(CIRCUMVENTING) >= 150 and abs(len(INNOCENT) - len(CIRCUMVENTING)) <= 5
    precision, recall = scores()
    print(f"screening corpus: precision {precision:.3f}, recall {recall:.3f}")  # the figures for the note
    assert precision >= 0.95 and recall >= 0.9


def test_named_false_positives_stay_clean() -> None:
    for text in ("I don't use Venmo, I'll pay here", "$250 on 2026-12-03 at 10:30", "bkg_01JD8Z3K5Q7W9X2Y4V6T8R0P1M"):
        assert screen(text) == ()


prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
prices = st.integers(1, 99_999).map(lambda n: f"${n}") | st.integers(1, 9_999).map(lambda n: f"${n:,}.00")
dates = st.dates().map(lambda d: d.isoformat()) | st.dates().map(lambda d: d.strftime("%m/%d/%Y"))
times = st.times().map(lambda t: t.strftime("%H:%M"))
small_numbers = st.integers(0, 99_999).map(str)


@given(prose, st.lists(prices | dates | times | small_numbers, min_size=1, max_size=4), prose)
def test_prices_dates_times_and_ordinary_numbers_are_never_flagged(before: str, values: list[str], after: str) -> None:
    assert screen(f"{before} {' and '.join(values)} {after}") == ()


phones = st.tuples(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999), st.sampled_from([" ", "-", "."]))


@given(prose, phones, prose)
def test_a_phone_number_in_prose_is_found_and_masked(before: str, phone: tuple[int, int, int, str], after: str) -> None:
    area, exchange, line, sep = phone
    number = f"{area}{sep}{exchange}{sep}{line:04d}"
    text = f"{before} {number} {after}"
    findings = screen(text)
    assert Kind.PHONE in {f.kind for f in findings}
    assert number not in masked(text, findings) and MASK in masked(text, findings)


digit_words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@given(st.lists(st.integers(0, 9), min_size=7, max_size=11), prose)
def test_spelled_out_digits_are_a_phone_number(digits: list[int], before: str) -> None:
    spoken = " ".join(digit_words[d] if i % 2 else str(d) for i, d in enumerate(digits))
    assert Kind.PHONE in {f.kind for f in screen(f"{before} {spoken}")}


@given(st.from_regex(r"[a-z]{2,10}", fullmatch=True), st.sampled_from(["gmail", "yahoo", "outlook", "icloud"]))
def test_an_email_address_written_out_is_found(name: str, provider: str) -> None:
    for text in (f"{name}@{provider}.com", f"{name} at {provider} dot com", f"{name} (at) {provider} (dot) com"):
        assert Kind.EMAIL in {f.kind for f in screen(f"write to {text} please")}


def test_the_answer_is_graduated_and_a_confirmed_booking_allows_a_phone_number() -> None:
    phone, venmo = screen("555 123 4567"), screen("venmo me")
    assert verdict(phone, (), T0).action is Action.NUDGE
    assert verdict(phone, (T0,), T0).action is Action.MASK and verdict(venmo, (T0,), T0).action is Action.NUDGE
    assert verdict(venmo, (T0, T0), T0).action is Action.HOLD
    assert verdict(phone, (T0 - timedelta(days=2),) * 3, T0).action is Action.NUDGE  # old offences are forgiven
    assert verdict(phone, (T0, T0), T0, phone_allowed=True).action is Action.DELIVER
    assert cooled_until((T0, T0, T0), T0) == T0 + timedelta(hours=1) and cooled_until((T0,), T0) is None


def test_logs_and_staff_views_show_contact_details_redacted() -> None:
    assert redacted_phone("+1 (212) 555-1234") == "+1***1234" and redacted_email("ana@gmail.com") == "a***@gmail.com"
