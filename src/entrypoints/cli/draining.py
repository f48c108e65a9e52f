"""Draining a leased queue by hand: the `run` command the delivery queue and the outbox share."""

from __future__ import annotations

import json
from collections.abc import Callable, Sized
from typing import Protocol

import typer


class Round(Protocol):
    """What one round of a dispatcher or relay did (``DeliveryRound``, ``RelayRound``)."""

    @property
    def delivered(self) -> Sized: ...

    @property
    def retrying(self) -> Sized: ...

    @property
    def dead(self) -> Sized: ...


def drain(run_once: Callable[[], Round], noun: str, dead_command: str) -> None:
    """Run rounds until one claims nothing, print what they did, and exit 1 when something was given up on in
    this run (it is kept as a dead letter, which ``dead_command`` lists). Each message is tried once: a failed
    one is due again only after a pause."""
    totals = {"delivered": 0, "retrying": 0, "dead": 0}
    while True:
        outcome = run_once()
        counts = {"delivered": len(outcome.delivered), "retrying": len(outcome.retrying), "dead": len(outcome.dead)}
        if not any(counts.values()):  # a round that claimed nothing ends the run (a retry is due later)
            break
        totals = {name: totals[name] + count for name, count in counts.items()}
    typer.echo(json.dumps(totals))
    dead = totals["dead"]
    if dead:
        typer.echo(f"{dead} {noun}(s) failed for good; see `{dead_command}`", err=True)
        raise typer.Exit(1)
