"""`rastup profiles ...`: create, show, edit and list profile drafts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import attrs
import typer

from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.handlers import get_profile, list_profiles
from core.profiles.model import ProfileDraft, ProfileKind, Role
from core.profiles.visibility import OPERATOR
from core.shared.errors import InvalidInput
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.bounds import MAX_DEPTH, MAX_VERSION, nesting_depth
from entrypoints.shapes.converter import BodyInvalid, BodyMalformed, structure_body, unstructured
from entrypoints.shapes.profiles import ProfileOut, UpdateProfileIn

app = typer.Typer(help="Provider and studio profile drafts.", no_args_is_help=True)


def _as_json(profile: ProfileDraft) -> dict[str, Any]:
    """The same JSON as ``GET /api/profiles/{id}`` in its owner's view (operators see everything)."""
    return unstructured(ProfileOut.of(profile, owner=True))


def _edit_from_file(path: Path, profile_id: str, version: int) -> UpdateProfileDraft:
    """The PATCH body in ``path`` (``-`` for stdin) as a command; its ``version`` defaults to ``--version``."""
    raw = typer.get_text_stream("stdin").read() if str(path) == "-" else path.read_text()
    if nesting_depth(raw.encode()) > MAX_DEPTH:  # before the decoder can recurse on it
        raise InvalidInput("from_json", f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise InvalidInput("from_json", f"not valid JSON: {error}") from None
    if isinstance(document, dict):
        document.setdefault("version", version)
    try:
        body: UpdateProfileIn = structure_body(json.dumps(document).encode(), UpdateProfileIn)
    except BodyMalformed as error:
        raise InvalidInput("from_json", error.detail) from None
    except BodyInvalid as error:
        first = error.errors[0]
        raise InvalidInput(first["field"] or "from_json", first["reason"]) from None
    return body.command(OPERATOR, profile_id)


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
    """Create a profile draft (unowned until ``rastup demo seed --owner`` gives it away) and print it as JSON."""
    command = CreateProfileDraft(
        actor=OPERATOR, display_name=display_name, kind=kind, slug=slug, headline=headline, roles=tuple(role or ()),
        city=city, idempotency_key=idempotency_key,
    )  # fmt: skip
    _print(_as_json(handle(command)))


@app.command()
@reports_errors
def show(profile_id: str) -> None:
    """Print one profile draft as JSON (exit 3 if there is none)."""
    _print(_as_json(get_profile(profile_id, current_container().profiles_uow())))


@app.command()
@reports_errors
def edit(
    profile_id: str,
    version: Annotated[
        int, typer.Option(min=0, max=MAX_VERSION, help="The version you last read; a stale one exits 4.")
    ],
    display_name: str | None = None,
    headline: str | None = None,
    bio: str | None = None,
    city: str | None = None,
    role: RoleOption = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Replaces the tags; repeat.")] = None,
    language: Annotated[list[str] | None, typer.Option("--language", help="Replaces the languages; repeat.")] = None,
    from_json: Annotated[
        Path | None,
        typer.Option(help="A JSON file (or -) shaped like the PATCH body: packages, price band, studio fields..."),
    ] = None,
) -> None:
    """Edit some fields of a profile draft, guarded by its version."""
    command = UpdateProfileDraft(
        actor=OPERATOR, profile_id=profile_id, expected_version=version, display_name=display_name,
        headline=headline, bio=bio, city=city, roles=tuple(role) if role else None,
        tags=tuple(tag) if tag else None, languages=tuple(language) if language else None,
    )  # fmt: skip
    if from_json is not None:
        flags = {k: v for k, v in attrs.asdict(command, recurse=False).items() if v is not None and k != "clear"}
        command = attrs.evolve(_edit_from_file(from_json, profile_id, version), **flags)
    _print(_as_json(handle(command)))


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
        ListProfiles(limit=limit, after=after, city=city, role=role), OPERATOR, current_container().profiles_uow()
    ):
        typer.echo(json.dumps(_as_json(profile), ensure_ascii=False))
