"""`rastup onboarding ...`: wizard status, publish/unpublish gated by the score, Instant Book."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import attrs
import typer

from core.onboarding.commands import PublishProfile, SetInstantBook, UnpublishProfile
from core.onboarding.errors import NotEligibleForInstantBook, ProfileIncomplete
from core.onboarding.handlers import onboarding_state
from core.onboarding.weights import Wizard
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.bounds import MAX_VERSION
from entrypoints.shapes.onboarding import OnboardingOut

app = typer.Typer(help="Onboarding wizards, publishing and Instant Book.", no_args_is_help=True)

VersionOption = Annotated[int, typer.Option(min=0, max=MAX_VERSION, help="The version you last read.")]


def _print(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command()
@reports_errors
def status(
    profile_id: str,
    wizard: Annotated[Wizard | None, typer.Option(help="Default: the profile's first wizard.")] = None,
) -> None:
    """Print the wizard's steps, score, nudges and verification banner as JSON."""
    container = current_container()
    thresholds = container.onboarding_thresholds()
    view = onboarding_state(profile_id, wizard, OPERATOR, container.onboarding_uow(), thresholds)
    _print(attrs.asdict(OnboardingOut.of(profile_id, view, thresholds)))


@app.command()
@reports_errors
def publish(profile_id: str, version: VersionOption) -> None:
    """Publish a profile; exits 5 listing the missing items when its score is below PUBLISH_MIN_SCORE."""
    try:
        profile = handle(PublishProfile(OPERATOR, profile_id, version))
    except ProfileIncomplete as error:
        for item, weight, hint in error.missing:
            print(f"missing: {item} ({weight} points): {hint}", file=sys.stderr)
        raise
    _print({"id": profile.id, "status": profile.status.value, "version": profile.version})


@app.command()
@reports_errors
def unpublish(profile_id: str, version: VersionOption) -> None:
    """Take a profile's public page down."""
    profile = handle(UnpublishProfile(OPERATOR, profile_id, version))
    _print({"id": profile.id, "status": profile.status.value, "version": profile.version})


@app.command("instant-book")
@reports_errors
def instant_book(service_id: str, enable: Annotated[bool, typer.Option("--enable/--disable")] = True) -> None:
    """Turn Instant Book on (only when eligible; exits 4 with the reasons) or off for a service profile."""
    try:
        eligibility = handle(SetInstantBook(OPERATOR, service_id, enable))
    except NotEligibleForInstantBook as error:
        for reason in error.reasons:
            print(f"not eligible: {reason}", file=sys.stderr)
        raise
    _print({"service_id": service_id, "instant_book": enable, "eligible": eligibility.eligible})
