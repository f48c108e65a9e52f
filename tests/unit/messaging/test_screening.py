"""The anti-circumvention screen: the labelled corpus's precision and recall, and properties over generated text."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.messaging.circumvention import Action, cooled_until, verdict
from core.messaging.screening import MASK, Kind, contact_view, masked, redacted_email, redacted_phone, screen
from tests.unit.messaging.messaging_world import DETECTOR, T0
from tests.unit.messaging.screening_corpus import CIRCUMVENTING, INNOCENT

WORDS = ["the", "studio", "shoot", "hours", "photos", "great", "see", "you", "at", "on", "for", "and", "light", "we"]


def scores(innocent: list[str] = INNOCENT, circumventing: list[str] = CIRCUMVENTING) -> tuple[float, float]:
    caught = sum(1 for text in circumventing if screen(text, DETECTOR))
    false_alarms = sum(1 for text in innocent if screen(text, DETECTOR))
    return caught / (caught + false_alarms), caught / len(circumventing)


def test_the_corpus_is_big_and_balanced_and_the_screen_holds_its_figures() -> None:
    assert len(INNOCENT) + len(CIRCUMVENTING) >= 150 and abs(len(INNOCENT) - len(CIRCUMVENTING)) <= 5
    precision, recall = scores()
    hard_precision, hard_recall = scores(INNOCENT[78:], CIRCUMVENTING[78:])
    sizes = f"{len(INNOCENT)} innocent, {len(CIRCUMVENTING)} circumventing"
    print(f"screening corpus ({sizes}): precision {precision:.3f}, recall {recall:.3f}; "
          f"hard cases: {hard_precision:.3f}, {hard_recall:.3f}")  # fmt: skip
    assert precision >= 0.95 and recall >= 0.9


def test_named_false_positives_stay_clean() -> None:
    for text in (
        "I don't use Venmo, I'll pay here",
        "$250 on 2026-12-03 at 10:30",
        "bkg_01JD8Z3K5Q7W9X2Y4V6T8R0P1M",
        "Booking ref RST-2026-114477",
        "Order 1234567 shipped",
        "Studio: 350 5th Ave, New York, NY 10118",
    ):
        assert screen(text, DETECTOR) == ()


def test_obfuscated_contact_details_are_masked_in_the_original_words() -> None:
    text = "write to ana at gmail dot com or call six four six 555 0111 (0044 7911 123456 abroad)"
    shown = masked(text, screen(text, DETECTOR))
    assert shown == f"write to {MASK} or call {MASK} ({MASK} abroad)"
    plain = "email me at alice.d@gmail.com"
    assert masked(plain, screen(plain, DETECTOR)) == f"email me at {MASK}"


@given(st.text(max_size=200))
def test_the_contact_view_maps_every_character_back_into_the_text(text: str) -> None:
    view = contact_view(text)
    assert len(view.starts) == len(view.ends) == len(view.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(view.starts, view.ends, strict=True))
    assert all(0 <= f.start <= f.end <= len(text) for f in screen(text, DETECTOR))


prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
prices = st.integers(1, 99_999).map(lambda n: f"${n}") | st.integers(1, 9_999).map(lambda n: f"${n:,}.00")
dates = st.dates().map(lambda d: d.isoformat()) | st.dates().map(lambda d: d.strftime("%m/%d/%Y"))
times = st.times().map(lambda t: t.strftime("%H:%M"))
small_numbers = st.integers(0, 99_999).map(str)


@given(prose, st.lists(prices | dates | times | small_numbers, min_size=1, max_size=4), prose)
def test_prices_dates_times_and_ordinary_numbers_are_never_flagged(before: str, values: list[str], after: str) -> None:
    assert screen(f"{before} {' and '.join(values)} {after}", DETECTOR) == ()


phones = st.tuples(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999), st.sampled_from([" ", "-", "."]))


@given(prose, phones, prose)
def test_a_phone_number_in_prose_is_found_and_masked(before: str, phone: tuple[int, int, int, str], after: str) -> None:
    area, exchange, line, sep = phone
    number = f"{area}{sep}{exchange}{sep}{line:04d}"
    text = f"{before} {number} {after}"
    findings = screen(text, DETECTOR)
    assert Kind.PHONE in {f.kind for f in findings}
    assert number not in masked(text, findings) and MASK in masked(text, findings)


digit_words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@given(phones, st.booleans(), prose)
def test_spelled_out_digits_are_a_phone_number(phone: tuple[int, int, int, str], local: bool, before: str) -> None:
    """A number of the region (here US: 10 digits, or 7 without the area code), digits and words mixed."""
    area, exchange, line, _sep = phone
    digits = [int(d) for d in (f"{exchange}{line:04d}" if local else f"{area}{exchange}{line:04d}")]
    spoken = " ".join(digit_words[d] if i % 2 else str(d) for i, d in enumerate(digits))
    assert Kind.PHONE in {f.kind for f in screen(f"{before} {spoken}", DETECTOR)}


@given(st.from_regex(r"[a-z]{2,10}", fullmatch=True), st.sampled_from(["gmail", "yahoo", "outlook", "icloud"]))
def test_an_email_address_written_out_is_found(name: str, provider: str) -> None:
    for text in (f"{name}@{provider}.com", f"{name} at {provider} dot com", f"{name} (at) {provider} (dot) com"):
        assert Kind.EMAIL in {f.kind for f in screen(f"write to {text} please", DETECTOR)}


def test_the_answer_is_graduated_and_a_confirmed_booking_allows_a_phone_number() -> None:
    phone, venmo = screen("555 123 4567", DETECTOR), screen("venmo me", DETECTOR)
    assert verdict(phone, (), T0).action is Action.NUDGE
    assert verdict(phone, (T0,), T0).action is Action.MASK and verdict(venmo, (T0,), T0).action is Action.NUDGE
    assert verdict(venmo, (T0, T0), T0).action is Action.HOLD
    assert verdict(phone, (T0 - timedelta(days=2),) * 3, T0).action is Action.NUDGE  # old offences are forgiven
    assert verdict(phone, (T0, T0), T0, phone_allowed=True).action is Action.DELIVER
    assert cooled_until((T0, T0, T0), T0) == T0 + timedelta(hours=1) and cooled_until((T0,), T0) is None


def test_logs_and_staff_views_show_contact_details_redacted() -> None:
    assert redacted_phone("+1 (212) 555-1234") == "+1***1234" and redacted_email("ana@gmail.com") == "a***@gmail.com"
