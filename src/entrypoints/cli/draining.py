"""Draining a leased queue by hand, and listing its dead letters: what `rastup delivery` and `rastup outbox` share."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import typer

from core.shared.retry import Round


def drain(run_once: Callable[[], Round[Any, Any]], noun: str, dead_command: str) -> None:
    """Run rounds until one claims nothing, print what they did, and exit 1 when something was given up on in
    this run (it is kept as a dead letter, which ``dead_command`` lists). Each message is tried once: a failed
    one is due again only after a pause."""
    delivered = retrying = dead = 0
    while (outcome := run_once()).handled:
        delivered += len(outcome.delivered)
        retrying += len(outcome.retrying)
        dead += len(outcome.dead)
    typer.echo(json.dumps({"delivered": delivered, "retrying": retrying, "dead": dead}))
    if dead:
        typer.echo(f"{dead} {noun}(s) failed for good; see `{dead_command}`", err=True)
        raise typer.Exit(1)


def print_dead_letters(letters: Iterable[Any]) -> None:
    """One JSON object per dead letter (an attrs value of what operators may see), its instant in ISO 8601."""
    for letter in letters:
        typer.echo(json.dumps({**attrs.asdict(letter), "dead_at": letter.dead_at.isoformat()}))
