"""The ContactDetector contract: what every detector of phone numbers, e-mail addresses and links must find.

The texts are as the core hands them over (``core.messaging.screening.contact_view``): obfuscation already undone,
prices, dates and times already blanked.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.messaging.ports import ContactDetector
from core.messaging.screening import Kind

FOUND = [
    ("call me at 555-123-4567 tomorrow", Kind.PHONE, "555-123-4567"),
    ("Text me: (415) 555 0199", Kind.PHONE, "(415) 555 0199"),
    ("my number is 5551234567", Kind.PHONE, "5551234567"),
    ("it is 2 1 2 5 5 5 0 1 4 7", Kind.PHONE, "2 1 2 5 5 5 0 1 4 7"),
    ("reach me on +44 7700 900123", Kind.PHONE, "+44 7700 900123"),
    ("my whatsapp is 0044 7911 123456", Kind.PHONE, "0044 7911 123456"),
    ("Contact: +49 30 901820", Kind.PHONE, "+49 30 901820"),
    ("call or text 303.555.0199", Kind.PHONE, "303.555.0199"),
    ("Email me at ana@gmail.com", Kind.EMAIL, "ana@gmail.com"),
    ("mail me: hello@bophoto.io", Kind.EMAIL, "hello@bophoto.io"),
    ("see https://bophoto.co/rates for my prices", Kind.LINK, "https://bophoto.co/rates"),
    ("Check my site www.bophoto.com", Kind.LINK, "www.bophoto.com"),
    ("bophoto.com has my contact form", Kind.LINK, "bophoto.com"),
    ("join me at t.me/bo_photo", Kind.LINK, "t.me/bo_photo"),
    ("bit.ly/bo-rates has my real prices", Kind.LINK, "bit.ly/bo-rates"),
]
NOTHING = [
    "Sounds great, see you then!",
    "The invoice number is 48213, thanks.",
    "The parking code is 4471.",
    "Studio address is 1234 Main St, Suite 5, Brooklyn NY 11201.",
    "Room 204, ring the buzzer labelled Studio B.",
    "My booking reference is bkg_01JD8Z3K5Q7W9X2Y4V6T8R0P1M, can you check it?",
    "I'll be at the studio.on time, promise.",
    "Model release v2.1 is signed.",
    "Sounds good.Photos next week!",
]


class ContactDetectorContract:
    """Subclass with ``detector``."""

    @pytest.fixture
    def detector(self) -> ContactDetector:
        raise NotImplementedError

    @pytest.mark.parametrize(("text", "kind", "written"), FOUND)
    def test_a_contact_detail_is_found_with_its_span(
        self, detector: ContactDetector, text: str, kind: Kind, written: str
    ) -> None:
        found = detector.contacts(text)
        assert [(f.kind, text[f.start : f.end]) for f in found] == [(kind, written)]

    @pytest.mark.parametrize("text", NOTHING)
    def test_ordinary_text_has_no_contact_detail(self, detector: ContactDetector, text: str) -> None:
        assert list(detector.contacts(text)) == []

    def test_several_are_found_by_position_without_overlapping(self, detector: ContactDetector) -> None:
        text = "email studio.b@hotmail.com or call 555.867.5309, or see bophoto.com"
        found = detector.contacts(text)
        assert [f.kind for f in found] == [Kind.EMAIL, Kind.PHONE, Kind.LINK]
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # a detector keeps nothing between texts
    @given(text=st.text(max_size=300))
    def test_any_text_is_read_without_raising_and_spans_inside_it(self, detector: ContactDetector, text: str) -> None:
        found = detector.contacts(text)
        assert all(0 <= f.start < f.end <= len(text) for f in found)
        assert list(found) == list(detector.contacts(text))  # the same text, the same findings
