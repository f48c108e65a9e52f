"""What staff views and logs show of contact details: ``+1***1234``, ``a***@gmail.com``, and links and handles
hidden. Pure; the screen (``screening.py``) finds them, its ``redacted_phone``/``redacted_email`` write them."""

from __future__ import annotations

from collections.abc import Callable

from core.messaging.ports import ContactDetector
from core.messaging.screening import (
    CONTACT_KINDS,
    MASK,
    Kind,
    contact_view,
    redacted_email,
    redacted_phone,
    screen,
)


def phone_shown(written: str) -> str:
    """A phone number as found (digits, spelled out or mixed) as staff and logs see it: ``+1***1234``."""
    return redacted_phone(contact_view(written).text)  # the screen's own reading: spelled-out digits as digits


def email_shown(written: str) -> str:
    """An e-mail address as found (also "ana at gmail dot com") as staff and logs see it: ``a***@gmail.com``."""
    return redacted_email(contact_view(written.strip()).text.lower())  # "at"/"dot" read as the screen reads them


def _hidden(_written: str) -> str:
    return MASK


_SHOWN: dict[Kind, Callable[[str], str]] = {Kind.PHONE: phone_shown, Kind.EMAIL: email_shown}


def contact_masked(text: str, detector: ContactDetector) -> str:
    """``text`` with the contact details the screen (with ``detector``) finds in it redacted (what staff read of
    reported words): phone numbers and e-mail addresses keep only their ends, links and handles are hidden whole."""
    spans = sorted(
        (f for f in screen(text, detector) if f.kind in CONTACT_KINDS and f.end > f.start), key=lambda f: f.start
    )
    for finding in reversed(spans):
        start = finding.start
        while finding.kind is Kind.PHONE and start > 0 and text[start - 1] in "+(":
            start -= 1  # the screen's span starts at a digit: the "+" or "(" before it goes with the number
        shown = _SHOWN.get(finding.kind, _hidden)(text[start : finding.end])
        text = text[:start] + shown + text[finding.end :]
    return text
