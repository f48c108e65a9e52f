"""`rastup flags ...`: kill switches for incidents (list, set with a reason, history). The CLI acts as operator."""

from __future__ import annotations

import json
from typing import Annotated

import attrs
import typer

from core.flags.model import Flag, SetFlag
from core.shared.actor import OPERATOR
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.flags import FlagOut

app = typer.Typer(help="Kill switches: turn a capability off during an incident, saying why.", no_args_is_help=True)


@app.command("list")
@reports_errors
def list_flags() -> None:
    """Every switch, one JSON object per line: on or off, what off does, and who changed it last and why."""
    for state in current_container().flags().states().values():
        typer.echo(json.dumps(attrs.asdict(FlagOut.of(state))))


@app.command("set")
@reports_errors
def set_flag(
    name: Annotated[Flag, typer.Argument(help="The switch.")],
    state: Annotated[str, typer.Argument(help="on or off.", metavar="on|off")],
    reason: Annotated[str, typer.Option(help="Why (kept with the change, e.g. the incident's id).")],
) -> None:
    """Turn NAME on or off; every service process sees it within a few seconds."""
    if state not in ("on", "off"):
        raise typer.BadParameter("say on or off", param_hint="STATE")
    changed = handle(SetFlag(actor=OPERATOR, flag=name, on=state == "on", reason=reason))
    typer.echo(json.dumps(attrs.asdict(FlagOut.of(changed))))


@app.command()
@reports_errors
def history(limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50) -> None:
    """The last changes, newest first, one JSON object per line."""
    for state in current_container().flags().history(limit):
        typer.echo(json.dumps(attrs.asdict(FlagOut.of(state))))
