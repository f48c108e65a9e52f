"""The public profile page as a read model: what anyone may see, Safe-Mode by construction. Pure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from math import ceil, floor
from zoneinfo import ZoneInfo

import attrs

from core.profiles.details import Link, ServicePackage
from core.profiles.model import ProfileDraft, ProfileKind
from core.profiles.studio import AddressView, visible_address
from core.shared.money import Money

MIN_REVIEWS_FOR_DISTRIBUTION = 5  # below it a profile is "new": no average, no distribution (NTB-PROF-006)
LATEST_REVIEWS = 5  # how many public reviews the page shows


@attrs.frozen
class PortfolioItem:
    """An approved portfolio image: only its public (SFW) variant URL is ever carried here."""

    url: str
    caption: str = ""
    width: int | None = None
    height: int | None = None


@attrs.frozen
class ReviewStats:
    count: int
    average: float  # 1.0 .. 5.0
    distribution: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # one-star .. five-star counts


@attrs.frozen
class PublicReview:
    """A published review as the page shows it: stars, text, when, and the profile's response."""

    id: str
    rating: int
    text: str
    published_at: datetime
    response: str | None = None


@attrs.frozen
class ReviewsView:
    count: int
    average: float | None  # hidden under MIN_REVIEWS_FOR_DISTRIBUTION reviews
    distribution: tuple[int, ...] | None  # hidden under MIN_REVIEWS_FOR_DISTRIBUTION reviews
    new: bool = True  # fewer than MIN_REVIEWS_FOR_DISTRIBUTION reviews: the page says "new"
    latest: tuple[PublicReview, ...] = ()


@attrs.frozen
class DayAvailability:
    on: date
    open_slots: int
    first_slot: datetime | None


@attrs.frozen
class DaySlots:
    """The starts of one local day before the minimum notice and the booking window (see ``SlotPreview``)."""

    on: date
    slots: tuple[datetime, ...]


@attrs.frozen
class SlotPreview:
    """What a read model stores of a calendar: the slots of the days ahead as computed when it was built, and the
    limits that move with the clock (``days_at`` applies them at the instant of each read)."""

    zone: str
    min_notice: timedelta
    booking_window: timedelta
    days: tuple[DaySlots, ...]

    def days_at(self, now: datetime, count: int) -> tuple[DayAvailability, ...] | None:
        """``count`` days from today (in ``zone``) as bookable at ``now``; ``None`` when the stored days do not
        cover them (the model is older than a day: rebuild it)."""
        today = now.astimezone(ZoneInfo(self.zone)).date()
        shown = [day for day in self.days if day.on >= today][:count]
        if len(shown) < count or shown[0].on != today:
            return None
        low, high = ceil((now + self.min_notice).timestamp()), floor((now + self.booking_window).timestamp())
        result = []
        for day in shown:
            bookable = [slot for slot in day.slots if low <= slot.timestamp() <= high]
            result.append(DayAvailability(day.on, len(bookable), bookable[0] if bookable else None))
        return tuple(result)


@attrs.frozen
class Policies:
    cancellation: str
    reschedule: str


@attrs.frozen
class PublicProfile:
    """Everything ``/p/{slug}`` and ``/api/profiles/{id}/public`` show."""

    id: str
    slug: str
    kind: ProfileKind
    display_name: str
    headline: str
    bio: str
    city: str
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    languages: tuple[str, ...]
    links: tuple[Link, ...]
    packages: tuple[ServicePackage, ...]
    price_min: Money | None
    price_max: Money | None
    amenities: tuple[str, ...]
    address: AddressView | None
    deposit: Money | None
    verified: bool
    avatar: PortfolioItem | None
    portfolio: tuple[PortfolioItem, ...]
    reviews: ReviewsView
    availability: tuple[DayAvailability, ...] | None  # None: no schedule known yet
    policies: Policies
    published: bool  # unpublished pages are shown only as ``noindex`` previews
    canonical_url: str


def reviews_view(stats: ReviewStats | None, latest: list[PublicReview] | None = None) -> ReviewsView:
    """Count and the latest reviews; the average and the star distribution only from MIN_REVIEWS_FOR_DISTRIBUTION
    reviews on (a profile with fewer is "new")."""
    shown = tuple(latest or ())
    if stats is None or stats.count < MIN_REVIEWS_FOR_DISTRIBUTION:
        return ReviewsView(0 if stats is None else stats.count, None, None, True, shown)
    return ReviewsView(stats.count, round(stats.average, 1), stats.distribution, False, shown)


def public_profile(
    profile: ProfileDraft,
    *,
    verified: bool,
    portfolio: list[PortfolioItem],
    reviews: ReviewStats | None,
    latest_reviews: list[PublicReview] | None = None,
    availability: list[DayAvailability] | None,
    policies: Policies,
    base_url: str,
) -> PublicProfile:
    """The public view of ``profile``: text and approved media only; a studio's street stays private."""
    f = profile.fields
    studio = f.studio
    is_studio = profile.kind is ProfileKind.STUDIO and studio is not None
    return PublicProfile(
        id=profile.id, slug=profile.slug, kind=profile.kind, display_name=f.display_name, headline=f.headline,
        bio=f.bio, city=f.city, roles=tuple(r.value for r in f.roles), tags=f.tags, languages=f.languages,
        links=f.links, packages=f.packages,
        price_min=studio.hourly_min if is_studio and studio else f.price_min,
        price_max=studio.hourly_max if is_studio and studio else f.price_max,
        amenities=studio.amenities if studio else (),
        address=visible_address(studio.address, confirmed_booking=False) if studio and studio.address else None,
        deposit=studio.deposit if studio else None,
        verified=verified, avatar=portfolio[0] if portfolio else None, portfolio=tuple(portfolio),
        reviews=reviews_view(reviews, latest_reviews),
        availability=None if availability is None else tuple(availability),
        policies=policies, published=profile.is_published,
        canonical_url=f"{base_url.rstrip('/')}/p/{profile.slug}",
    )  # fmt: skip
