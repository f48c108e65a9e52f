"""Public profile pages: server-rendered HTML at /p/{slug} and the same view as JSON, Safe-Mode always on."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from litestar import Response, Router, get
from litestar.params import FromPath

from core.onboarding.public_page import public_page
from core.profiles.public import PublicProfile
from core.profiles.structured_data import json_ld, open_graph, price_band
from core.shared.errors import NotFound
from entrypoints.http.caller import ViewerDep
from entrypoints.http.dependencies import (
    ClockDep,
    OnboardingUow,
    PublicSourcesDep,
)
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


@get("/{slug:str}", sync_to_thread=True, include_in_schema=False)
def profile_page(
    slug: FromPath[str], onboarding_uow: OnboardingUow, public_sources: PublicSourcesDep, clock: ClockDep,
    page_viewer: ViewerDep,
) -> Response[str]:  # fmt: skip
    """The public page; an unpublished profile is its owner's (and staff's) ``noindex`` preview, and an HTML
    404 page for anyone else, as for an unknown slug."""
    try:
        page = public_page(slug=slug, viewer=page_viewer, uow=onboarding_uow, sources=public_sources, now=clock.now())
    except NotFound:
        body = templates().get_template("not_found.html").render(slug=slug)
        return Response(body, status_code=404, media_type=HTML)
    headers = {} if page.published else {"X-Robots-Tag": "noindex"}
    return Response(render_page(page), media_type=HTML, headers=headers)


@get("/profiles/{profile_id:str}/public", tags=["public"], sync_to_thread=True)
def public_json(
    profile_id: FromPath[str], onboarding_uow: OnboardingUow, public_sources: PublicSourcesDep, clock: ClockDep,
    page_viewer: ViewerDep,
) -> dict[str, Any]:  # fmt: skip
    """The public view as JSON (the page's data plus its JSON-LD); 404 problem+json for an unknown id, and
    for an unpublished profile unless the caller owns it (or is staff)."""
    page = public_page(profile_id=profile_id, viewer=page_viewer, uow=onboarding_uow, sources=public_sources,
                       now=clock.now())  # fmt: skip
    body: dict[str, Any] = unstructured(page)
    body["price_band"] = price_band(page.price_min, page.price_max)
    body["json_ld"] = json_ld(page)
    return body


pages = Router("/p", route_handlers=[profile_page])
api = Router("/api", route_handlers=[public_json])
