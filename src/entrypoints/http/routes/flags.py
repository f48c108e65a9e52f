"""Kill switches over HTTP: staff read them; admins turn one on or off with a reason (``core.flags``)."""

from __future__ import annotations

from litestar import Router, get, put
from litestar.params import FromPath, JSONBody

from core.flags.handlers import flags_shown_to
from core.flags.model import Flag, SetFlag
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep, SwitchboardDep
from entrypoints.shapes.flags import FlagIn, FlagOut

TAGS = ["ops"]


@get("/", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def index(current_user: CurrentUserDep, switchboard: SwitchboardDep) -> list[FlagOut]:
    """Every switch: on or off, what off does, who changed it last and why (staff only: 403 otherwise)."""
    return [FlagOut.of(state) for state in flags_shown_to(current_user, switchboard)]


@put("/{name:str}", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def change(
    name: FromPath[Flag], data: JSONBody[FlagIn], commands: CommandsDep, current_user: CurrentUserDep
) -> FlagOut:
    """Turn a switch on or off, saying why (admins only: 403 otherwise). Every process sees it within seconds."""
    return FlagOut.of(commands.handle(SetFlag(actor=current_user, flag=name, on=data.on, reason=data.reason)))


router = Router("/api/ops/flags", route_handlers=[index, change])
