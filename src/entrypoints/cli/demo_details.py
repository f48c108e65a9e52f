"""Demo details: a complete photographer page and a studio a newcomer can look at, plus their verification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.onboarding.verification import VerificationKind, VerificationRequest
from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.studio import Address, Contact, StudioDetails
from core.shared.money import Money

USD = "USD"

DETAILS: dict[str, dict[str, Any]] = {
    "prf_demo_photographer_la": {
        "bio": "Ana shoots editorial portraits and short-form video across Los Angeles: natural light first, a "
        "small studio kit when the story needs it. Ten years of magazine, brand and headshot work; relaxed "
        "sessions, fast turnaround and a private online gallery for every client.",
        "tags": ("portraits", "editorial", "natural-light", "headshots", "short-form-video"),
        "geo": GeoPoint(34.0522, -118.2437),
        "price_min": Money.of_major(150, USD),
        "price_max": Money.of_major(900, USD),
        "languages": ("en", "es"),
        "links": (Link("Website", "https://example.com/ana-diaz"), Link("Instagram", "https://instagram.com/anadiaz")),
        "packages": (
            ServicePackage("Headshots", 60, Money.of_major(180, USD), ("10 edited photos", "online gallery")),
            ServicePackage("Editorial half day", 240, Money.of_major(650, USD), ("40 edited photos", "mood board")),
            ServicePackage("Short-form video", 120, Money.of_major(420, USD), ("one 60-second cut",)),
        ),
    },
    "prf_demo_studio_la": {
        "bio": "A 2,000 sq ft daylight studio in Hollywood with a white cyclorama, blackout blinds and a makeup room.",
        "tags": ("daylight", "cyclorama", "hollywood"),
        "studio": StudioDetails(
            contact=Contact("bookings@sunset-light.example", "+13105550100"),
            address=Address("6000 Sunset Blvd", "Los Angeles", "90028", "US", "CA", "Hollywood"),
            amenities=("cyclorama", "makeup-room", "parking", "wifi", "blackout-blinds"),
            hourly_min=Money.of_major(95, USD),
            hourly_max=Money.of_major(150, USD),
            deposit=Money.of_major(200, USD),
            capacity=25,
        ),
    },
}

VERIFIED = frozenset({"prf_demo_photographer_la", "prf_demo_studio_la"})


def verified_identity(profile_id: str, now: datetime) -> VerificationRequest:
    """An approved verification, as if staff had reviewed the demo profile's document."""
    kind = VerificationKind.BUSINESS if "studio" in profile_id else VerificationKind.IDENTITY
    request = VerificationRequest.submit(
        request_id=f"ver_{profile_id.removeprefix('prf_')}",
        profile_id=profile_id,
        kind=kind,
        document_key=f"documents/{profile_id}/demo.pdf",
        now=now,
    )
    request.approve("staff:demo-seed", now)
    return request
