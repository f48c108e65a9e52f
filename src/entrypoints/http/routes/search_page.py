"""The `/search` page: server-rendered results with a search box, city and role filters, result cards linking to
the public pages, a next-page link from the signed cursor and a JSON-LD ItemList. Safe-Mode always on."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from core.profiles.model import Role
from core.search.errors import InvalidCursor
from core.search.page import item_list, next_page_href, page_params
from core.search.query import people_query
from core.search.service import card
from core.shared.errors import InvalidInput
from entrypoints.http.caller import page_viewer
from entrypoints.http.dependencies import IdentityServicesDep, IdentityUow, PublicBaseUrl
from entrypoints.http.routes.public_pages import HTML, script_safe, templates
from entrypoints.http.routes.search import SearchDep, answer_headers, client_of

ROLES = [(role.value, role.value.replace("_", " ")) for role in Role]


def _city_name(slug: str) -> str:
    return slug.replace("-", " ").title()


def _render(params: dict[str, str], **page: Any) -> str:
    return templates().get_template("search.html").render(params=params, roles=ROLES, city_name=_city_name, **page)


@get("/search", sync_to_thread=True, include_in_schema=False)
def search_page(
    request: Request[Any, Any, Any], search: SearchDep, public_base_url: PublicBaseUrl, identity_uow: IdentityUow,
    identity_services: IdentityServicesDep,
) -> Response[str]:  # fmt: skip
    """``q, city, role`` (and ``limit, cursor`` from its links). Bad input is the page again with the problem
    named (422; a tampered cursor 400), never a stack trace. A signed-in reader (a dead cookie reads as anonymous)
    never finds those they blocked or who blocked them, as in the API."""
    params = page_params({name: ",".join(values) for name, values in request.query_params.dict().items()})
    try:
        query = people_query(params)
        viewer = page_viewer(request, identity_uow, identity_services)
        results = search.desk.people(query, client_of(request), viewer)  # the API's rate limit, cache and synonyms
    except (InvalidInput, InvalidCursor) as error:
        status = 400 if isinstance(error, InvalidCursor) else 422
        body = _render(params, error=error.detail, cards=[], cities=[], found=0, next_href=None, json_ld=None)
        return Response(body, status_code=status, media_type=HTML)
    documents = [item.document for item in results.hits]
    cities = sorted({city for city, _count in results.facets.cities} | ({query.filters.city} - {None}))
    body = _render(
        params,
        error=None,
        cards=[card(document) for document in documents],
        cities=[str(city) for city in cities],
        found=results.found,
        next_href=None if results.next_cursor is None else next_page_href(params, results.next_cursor),
        json_ld=script_safe(item_list(documents, public_base_url)),
    )
    return Response(body, media_type=HTML, headers=answer_headers(results, viewer))
