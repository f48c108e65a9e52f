"""What staff and logs read of contact details: ``+1***1234`` and ``a***@gmail.com`` (also for numbers spelled out
and addresses written out), links and handles hidden, everything else as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.messaging.redaction import contact_masked, email_shown, phone_shown
from tests.unit.messaging.messaging_world import DETECTOR
from tests.unit.messaging.test_screening import dates, digit_words, phones, prices, prose, small_numbers, times


def test_the_formats_of_the_issue() -> None:
    assert phone_shown("+1 (415) 555-1234") == "+1***1234" and email_shown("ana.lopez@gmail.com") == "a***@gmail.com"
    assert phone_shown("one four one five five five five one two three four") == "+1***1234"
    assert email_shown("Ana at Gmail dot com") == "a***@gmail.com" and email_shown("ana (at) gmail (dot) com") == (
        "a***@gmail.com"
    )
    assert contact_masked(
        "call +1 415 555 1234, mail ana at gmail dot com, see www.ana.com or @ana_photo", DETECTOR
    ) == ("call +1***1234, mail a***@gmail.com, see [contact hidden] or [contact hidden]")


@given(prose, phones, prose)
def test_a_phone_number_keeps_only_its_first_and_last_four_digits(before: str, phone: tuple[int, int, int, str],
                                                                 after: str) -> None:  # fmt: skip
    area, exchange, line, sep = phone
    shown = contact_masked(f"{before} {area}{sep}{exchange}{sep}{line:04d} {after}", DETECTOR)
    assert f"+{str(area)[0]}***{line:04d}" in shown and f"{exchange}" not in shown.replace(f"{line:04d}", "")


@given(phones)
def test_a_number_spelled_out_is_shown_as_digits(phone: tuple[int, int, int, str]) -> None:
    area, exchange, line, _ = phone  # a US number as phonenumbers reads one (all zeros is no number)
    digits = [int(d) for d in f"{area}{exchange}{line:04d}"]
    spoken = " ".join(digit_words[d] if i % 2 else str(d) for i, d in enumerate(digits))
    assert contact_masked(f"call {spoken}", DETECTOR) == "call +{}***{}".format(
        digits[0], "".join(map(str, digits[-4:]))
    )


@given(prose, st.lists(prices | dates | times | small_numbers, min_size=1, max_size=4), prose)
def test_text_without_contact_details_is_left_as_written(before: str, values: list[str], after: str) -> None:
    text = f"{before} {' and '.join(values)} {after}"
    assert contact_masked(text, DETECTOR) == text
