"""Public profile pages: server-rendered HTML at /p/{slug} and the same view as JSON, Safe-Mode always on."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from litestar import Request, Response, Router, get
from litestar.openapi import ResponseSpec
from litestar.params import FromPath
from litestar.serialization import encode_json

from core.pages.reads import PublicRead
from core.profiles.public import PublicProfile
from core.profiles.structured_data import json_ld, open_graph, price_band
from core.shared.errors import NotFound
from entrypoints.http.dependencies import PublicPageDesk, PublicPageDeskDep
from entrypoints.http.page_cache import (
    MISSING_HEADERS,
    PRIVATE_HEADERS,
    PUBLIC,
    etag_of,
    not_modified,
    rendered_answers,
)
from entrypoints.http.problems import domain_error_handler
from entrypoints.http.security_headers import style_hashes
from entrypoints.shapes.converter import unstructured

HTML = "text/html; charset=utf-8"


@cache
def templates() -> Environment:
    """The Jinja2 templates shipped inside the package (loaded on first use, not at import)."""
    return Environment(loader=PackageLoader("entrypoints.http", "templates"), autoescape=select_autoescape(),
                       auto_reload=False)  # fmt: skip


def page_styles() -> list[str]:
    """CSP hash sources of the pages' inline stylesheet (the one ``<style>`` of base.html)."""
    env = templates()
    assert env.loader is not None  # set above
    return style_hashes(env.loader.get_source(env, "base.html")[0])


def script_safe(document: dict[str, Any]) -> str:
    """JSON for a <script> element: ``<``, ``>`` and ``&`` escaped so no text can close the element."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(page: PublicProfile) -> str:
    return (
        templates()
        .get_template("public_profile.html")
        .render(
            page=page,
            json_ld=script_safe(json_ld(page)),
            open_graph=open_graph(page),
            price_band=price_band(page.price_min, page.price_max),
            city=page.city.replace("-", " ").title(),
            roles=[r.replace("_", " ") for r in page.roles],
        )
    )


def _answer(request: Request[Any, Any, Any], found: PublicRead, kind: str, render: Callable[[], bytes],
            media_type: str) -> Response[bytes]:  # fmt: skip
    """A published page: cacheable by anyone, its ETag, 304 when the caller holds it (nothing rendered). A preview
    of an unpublished one: its owner's, stored by no cache, never indexed."""
    if not found.page.published:
        headers = {**PRIVATE_HEADERS, "X-Robots-Tag": "noindex"}
        return Response(render(), media_type=media_type, headers=headers)
    etag = etag_of(found.tag)
    headers = {"ETag": etag, "Cache-Control": PUBLIC}
    if not_modified(request.headers.get("if-none-match"), etag):
        return Response(b"", status_code=304, headers=headers)
    return Response(rendered_answers().body(kind, found.tag, render), media_type=media_type, headers=headers)


def _json_of(page: PublicProfile) -> bytes:
    body: dict[str, Any] = unstructured(page)
    body["price_band"] = price_band(page.price_min, page.price_max)
    body["json_ld"] = json_ld(page)
    return encode_json(body)


def _page_answer(request: Request[Any, Any, Any], slug: str, desk: PublicPageDesk) -> Response[bytes]:
    try:
        found = desk.reads.read(slug=slug, viewer=desk.viewer, now=desk.clock.now())
    except NotFound:
        body = templates().get_template("not_found.html").render(slug=slug)
        return Response(body.encode(), status_code=404, media_type=HTML, headers=MISSING_HEADERS)
    return _answer(request, found, "html", lambda: render_page(found.page).encode(), HTML)


@get("/{slug:str}", include_in_schema=False)
async def profile_page(
    request: Request[Any, Any, Any], slug: FromPath[str], public_page_desk: PublicPageDeskDep
) -> Response[bytes]:
    """The public page; an unpublished profile is its owner's (and staff's) ``noindex`` preview, and an HTML
    404 page for anyone else, as for an unknown slug. A read of a moment ago answers on the event loop (its body
    is kept by its tag); anything else reads and renders on a worker thread."""
    desk = public_page_desk
    if (kept := desk.reads.recent_read(slug=slug, now=desk.clock.now())) is not None:
        return _answer(request, kept, "html", lambda: render_page(kept.page).encode(), HTML)
    return await asyncio.to_thread(_page_answer, request, slug, desk)


# The body is encoded once and kept by ETag (page_cache), so the handler answers bytes; its document is JSON.
PUBLIC_JSON_RESPONSES = {
    200: ResponseSpec(dict[str, Any], description="The public view (the page's data and its JSON-LD)",
                      generate_examples=False),
    304: ResponseSpec(None, description="Not Modified: If-None-Match names the current ETag"),
}  # fmt: skip


def _json_answer(request: Request[Any, Any, Any], profile_id: str, desk: PublicPageDesk) -> Response[bytes]:
    try:
        found = desk.reads.read(profile_id=profile_id, viewer=desk.viewer, now=desk.clock.now())
    except NotFound as missing:
        answer = domain_error_handler(request, missing)
        answer.headers.update(MISSING_HEADERS)
        return answer  # type: ignore[return-value]  # the problem+json answer, its body a dict
    return _answer(request, found, "json", lambda: _json_of(found.page), "application/json")


@get("/profiles/{profile_id:str}/public", tags=["public"], responses=PUBLIC_JSON_RESPONSES)
async def public_json(
    request: Request[Any, Any, Any], profile_id: FromPath[str], public_page_desk: PublicPageDeskDep
) -> Response[bytes]:
    """The public view as JSON (the page's data plus its JSON-LD); 404 problem+json for an unknown id, and
    for an unpublished profile unless the caller owns it (or is staff). A read of a moment ago answers on the
    event loop; anything else on a worker thread."""
    desk = public_page_desk
    if (kept := desk.reads.recent_read(profile_id=profile_id, now=desk.clock.now())) is not None:
        return _answer(request, kept, "json", lambda: _json_of(kept.page), "application/json")
    return await asyncio.to_thread(_json_answer, request, profile_id, desk)


pages = Router("/p", route_handlers=[profile_page])
api = Router("/api", route_handlers=[public_json])
