"""SEO for the public page: schema.org JSON-LD (Person, LocalBusiness, CreativeWork) and Open Graph. Pure."""

from __future__ import annotations

from typing import Any

from core.profiles.model import ProfileKind
from core.profiles.public import PublicProfile
from core.shared.money import Money

SCHEMA_ORG = "https://schema.org"


def price_band(low: Money | None, high: Money | None) -> str:
    """``"USD 150.00 - USD 600.00"``, one end alone, or ``""``."""
    ends = [m.format() for m in (low, high) if m is not None]
    return " - ".join(dict.fromkeys(ends))


def _main_entity(page: PublicProfile) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@type": "LocalBusiness" if page.kind is ProfileKind.STUDIO else "Person",
        "@id": f"{page.canonical_url}#profile",
        "name": page.display_name,
        "url": page.canonical_url,
        "description": page.headline,
    }
    if page.avatar is not None:
        entity["image"] = page.avatar.url
    if page.address is not None:
        entity["address"] = {"@type": "PostalAddress", "addressLocality": page.address.city,
                             "addressRegion": page.address.region, "addressCountry": page.address.country}  # fmt: skip
    elif page.city:
        entity["address"] = {"@type": "PostalAddress", "addressLocality": page.city.replace("-", " ").title()}
    if page.kind is ProfileKind.STUDIO:
        if page.price_min or page.price_max:
            entity["priceRange"] = price_band(page.price_min, page.price_max)
        entity["amenityFeature"] = [{"@type": "LocationFeatureSpecification", "name": a, "value": True}
                                    for a in page.amenities]  # fmt: skip
    else:
        entity["jobTitle"] = ", ".join(r.replace("_", " ").title() for r in page.roles)
        entity["knowsLanguage"] = list(page.languages)
    if not page.reviews.new and page.reviews.average is not None:  # only from MIN_REVIEWS_FOR_DISTRIBUTION on
        entity["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": page.reviews.average,
                                     "reviewCount": page.reviews.count, "bestRating": 5, "worstRating": 1}  # fmt: skip
        entity["review"] = [
            {"@type": "Review", "reviewRating": {"@type": "Rating", "ratingValue": r.rating, "bestRating": 5},
             "reviewBody": r.text, "datePublished": r.published_at.date().isoformat(),
             "author": {"@type": "Person", "name": "A verified client"}}
            for r in page.reviews.latest
        ]  # fmt: skip
    if page.links:
        entity["sameAs"] = [link.url for link in page.links]
    return entity


def json_ld(page: PublicProfile) -> dict[str, Any]:
    """A JSON-LD document: the profile (Person or LocalBusiness) and one CreativeWork per approved image."""
    profile_ref = {"@id": f"{page.canonical_url}#profile"}
    works = [
        {
            "@type": "CreativeWork",
            "@id": f"{page.canonical_url}#work-{n}",
            "name": item.caption or f"{page.display_name}: portfolio image {n}",
            "image": item.url,
            "creator": profile_ref,
        }
        for n, item in enumerate(page.portfolio, start=1)
    ]
    return {"@context": SCHEMA_ORG, "@graph": [_main_entity(page), *works]}


def open_graph(page: PublicProfile) -> list[tuple[str, str]]:
    """Open Graph ``(property, content)`` pairs; the image is an approved public variant or absent."""
    tags = [
        ("og:type", "profile" if page.kind is ProfileKind.PROVIDER else "business.business"),
        ("og:title", f"{page.display_name}: {page.headline}" if page.headline else page.display_name),
        ("og:description", page.bio[:200] or page.headline),
        ("og:url", page.canonical_url),
    ]
    if page.avatar is not None:
        tags.append(("og:image", page.avatar.url))
    return tags
