"""`rastup profiles ...`: create, show, edit and list profile drafts."""

from __future__ import annotations

import json
from typing import Annotated, Any

import attrs
import typer

from config.container import build_container
from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.handlers import create_profile_draft, get_profile, list_profiles, update_profile_draft
from core.profiles.model import ProfileDraft, ProfileKind, Role
from entrypoints.cli.errors import reports_errors

app = typer.Typer(help="Provider and studio profile drafts.", no_args_is_help=True)


def _as_json(profile: ProfileDraft) -> dict[str, Any]:
    return {
        "id": profile.id,
        "kind": profile.kind.value,
        "slug": profile.slug,
        **{k: v for k, v in attrs.asdict(profile.fields).items() if k != "roles"},
        "roles": [r.value for r in profile.fields.roles],
        "status": profile.status.value,
        "version": profile.version,
        "updated_at": profile.updated_at.isoformat(),
    }


def _print(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


RoleOption = Annotated[list[Role] | None, typer.Option("--role", help="Repeat for several roles.")]


@app.command()
@reports_errors
def create(
    display_name: Annotated[str, typer.Argument(help="Public name, e.g. 'Ana Diaz Photography'.")],
    kind: Annotated[ProfileKind, typer.Option(help="provider or studio")] = ProfileKind.PROVIDER,
    slug: Annotated[str | None, typer.Option(help="URL slug; derived from the name when absent.")] = None,
    headline: str = "",
    city: Annotated[str, typer.Option(help="City slug, e.g. los-angeles.")] = "",
    role: RoleOption = None,
    idempotency_key: Annotated[str | None, typer.Option(help="Makes a retried create return the first draft.")] = None,
) -> None:
    """Create a profile draft and print it as JSON."""
    container = build_container()
    command = CreateProfileDraft(
        display_name=display_name, kind=kind, slug=slug, headline=headline, roles=tuple(role or ()), city=city,
        idempotency_key=idempotency_key,
    )  # fmt: skip
    _print(_as_json(create_profile_draft(command, container.profiles_uow(), container.clock(), container.ids())))


@app.command()
@reports_errors
def show(profile_id: str) -> None:
    """Print one profile draft as JSON (exit 3 if there is none)."""
    _print(_as_json(get_profile(profile_id, build_container().profiles_uow())))


@app.command()
@reports_errors
def edit(
    profile_id: str,
    version: Annotated[int, typer.Option(help="The version you last read; a stale one exits 4.")],
    display_name: str | None = None,
    headline: str | None = None,
    bio: str | None = None,
    city: str | None = None,
    role: RoleOption = None,
) -> None:
    """Edit some fields of a profile draft, guarded by its version."""
    container = build_container()
    command = UpdateProfileDraft(
        profile_id=profile_id, expected_version=version, display_name=display_name, headline=headline, bio=bio,
        city=city, roles=tuple(role) if role else None,
    )  # fmt: skip
    _print(_as_json(update_profile_draft(command, container.profiles_uow(), container.clock())))


@app.command("list")
@reports_errors
def list_(
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    after: Annotated[str | None, typer.Option(help="Last id of the previous page.")] = None,
    city: str | None = None,
    role: Role | None = None,
) -> None:
    """List profile drafts ordered by id, one JSON object per line."""
    for profile in list_profiles(
        ListProfiles(limit=limit, after=after, city=city, role=role), build_container().profiles_uow()
    ):
        typer.echo(json.dumps(_as_json(profile), ensure_ascii=False))
