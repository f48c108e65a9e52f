"""Search: people (filters, facets, ranking, a signed cursor) and suggestions; anyone may search, Safe-Mode always on,
and a signed-in caller never finds those they blocked or who blocked them."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get
from litestar.params import SkipValidation

from config.search import SearchServices
from core.search.ports import Facets
from core.search.query import people_query, studio_query
from core.search.service import PeopleResults, card
from core.shared.actor import Actor
from core.shared.errors import InvalidInput
from entrypoints.http.caller import ViewerDep
from entrypoints.http.page_cache import PRIVATE_HEADERS, SESSION_VARY

SearchDep = SkipValidation[SearchServices]
DEGRADED_HEADER = "X-Search-Degraded"


def _params(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Each parameter once: a repeated one (``role=a&role=b``) is read as a list (``a,b``)."""
    return {name: ",".join(values) for name, values in request.query_params.dict().items()}


def client_of(request: Request[Any, Any, Any]) -> str:
    """Who the rate limit counts: the client address (a trusted proxy's forwarded one, see client_address.py)."""
    return request.client.host if request.client is not None else "unknown"


def _facets(facets: Facets) -> dict[str, list[dict[str, object]]]:
    def counts(pairs: tuple[tuple[str, int], ...]) -> list[dict[str, object]]:
        return [{"value": value, "count": count} for value, count in pairs]

    return {"roles": counts(facets.roles), "cities": counts(facets.cities), "prices": counts(facets.prices)}


@get("/people", sync_to_thread=True)
def people(request: Request[Any, Any, Any], search: SearchDep, viewer: ViewerDep) -> Response[dict[str, object]]:
    """``q, city, role, tags, min_price, max_price`` (whole units), ``date, duration, lat, lon, radius_km, verified,
    instant_book, language, limit, cursor``. Bad input is 422 naming the parameter; a tampered cursor is 400;
    more than SEARCH_RATE_LIMIT a minute from one client is 429 with Retry-After.
    Answered by the SQL index while Typesense fails: ``X-Search-Degraded: true``. A signed-in caller never finds
    the profiles of users they blocked or who blocked them."""
    return _page(search.desk.people(people_query(_params(request)), client_of(request), viewer), viewer)


def answer_headers(results: PeopleResults, viewer: Actor) -> dict[str, str]:
    """A signed-in caller's answer leaves out whom they blocked: never kept by a shared cache, and any cache keeps
    answers apart by session. Degraded answers say so."""
    headers = dict(PRIVATE_HEADERS) if viewer.user_id is not None else {"Vary": SESSION_VARY}
    return headers | ({DEGRADED_HEADER: "true"} if results.degraded else {})


def _page(results: PeopleResults, viewer: Actor) -> Response[dict[str, object]]:
    body: dict[str, object] = {
        "results": [card(item.document) for item in results.hits],
        "found": results.found,
        "facets": _facets(results.facets),
        "next_cursor": results.next_cursor,
        "safe_mode": True,
    }
    return Response(body, headers=answer_headers(results, viewer))


@get("/studios", sync_to_thread=True)
def studios(request: Request[Any, Any, Any], search: SearchDep, viewer: ViewerDep) -> Response[dict[str, object]]:
    """``q, city, amenities`` (all of them), ``min_capacity`` (people), ``min_price, max_price`` (hourly, whole
    units), ``date, duration, lat, lon, radius_km, verified, instant_book, limit, cursor``: as people, studios only.
    Bad input is 422 naming the parameter; a tampered cursor is 400; over SEARCH_RATE_LIMIT, 429. A signed-in
    caller never finds the studios of users they blocked or who blocked them."""
    return _page(search.desk.people(studio_query(_params(request)), client_of(request), viewer), viewer)


@get("/suggest", sync_to_thread=True)
def suggest(request: Request[Any, Any, Any], search: SearchDep) -> dict[str, object]:
    """Completions of ``q`` among names, roles, tags and cities of listed profiles."""
    params = _params(request)
    if unknown := sorted(set(params) - {"q"}):
        raise InvalidInput(unknown[0], "unknown parameter")
    return {"suggestions": search.desk.suggest(params.get("q", ""), client_of(request))}


router = Router(path="/api/search", route_handlers=[people, studios, suggest])
