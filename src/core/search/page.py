"""The `/search` page's pure parts: which parameters it takes, its next-page link and its JSON-LD ItemList."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from core.search.documents import SearchDocument

PAGE_PARAMETERS = ("q", "city", "role", "limit", "cursor")  # what the page's form and links carry
PAGE_SIZE = "12"
SCHEMA_ORG = "https://schema.org"


def page_params(raw: Mapping[str, str]) -> dict[str, str]:
    """The page's parameters with empty ones dropped (an empty form field means no filter) and its page size
    by default; anything else is kept, so the query reader names it (422)."""
    params = {name: value for name, value in raw.items() if value.strip()}
    params.setdefault("limit", PAGE_SIZE)
    return params


def next_page_href(params: Mapping[str, str], cursor: str) -> str:
    """The link to the next page: the same query with the cursor the last page issued."""
    kept = {name: params[name] for name in PAGE_PARAMETERS if name in params and name != "cursor"}
    return "/search?" + urlencode({**kept, "cursor": cursor})


def item_list(documents: Sequence[SearchDocument], base_url: str) -> dict[str, Any]:
    """schema.org ``ItemList`` of the page's results, each a ``ListItem`` naming the public page's URL."""
    origin = base_url.rstrip("/")
    return {
        "@context": SCHEMA_ORG,
        "@type": "ItemList",
        "numberOfItems": len(documents),
        "itemListElement": [
            {"@type": "ListItem", "position": n, "url": f"{origin}/p/{d.slug}", "name": d.display_name}
            for n, d in enumerate(documents, start=1)
        ],
    }
