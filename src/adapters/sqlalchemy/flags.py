"""``FlagStore`` on the application database: one row per switch set, and the history of changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.identity_security import SqlAlchemyAuditLog
from adapters.sqlalchemy.tables.flags import flag_changes, flags
from core.flags.model import Flag, FlagState, audit_record


def _state(row: Any) -> FlagState | None:
    try:
        flag = Flag(row.name)
    except ValueError:  # a switch this version no longer has
        return None
    return FlagState(flag, bool(row.is_on), row.reason, row.changed_by, row.changed_at)


class SqlAlchemyFlagStore:
    """Each call is its own short transaction; ``save`` writes the state, its history row and its audit entry
    together."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def states(self) -> dict[Flag, FlagState]:
        with reading_connection(self._engine) as connection:
            found = [_state(row) for row in connection.execute(select(flags))]
        return {state.flag: state for state in found if state is not None}

    def save(self, state: FlagState) -> None:
        row = {"name": state.flag.value, "is_on": state.on, "reason": state.reason, "changed_by": state.changed_by,
               "changed_at": state.changed_at}  # fmt: skip
        with self._engine.begin() as connection:
            # the row replaced, locked (PostgreSQL) so that two changes racing each audit the state they replace
            current = flags.c.name == state.flag.value
            previous = connection.execute(select(flags).where(current).with_for_update()).first()
            SqlAlchemyAuditLog(connection).append(audit_record(None if previous is None else _state(previous), state))
            connection.execute(delete(flags).where(flags.c.name == state.flag.value))
            connection.execute(insert(flags).values(row))
            connection.execute(insert(flag_changes).values(row))

    def history(self, limit: int) -> Sequence[FlagState]:
        query = select(flag_changes).order_by(flag_changes.c.id.desc()).limit(limit)
        with reading_connection(self._engine) as connection:
            found = [_state(row) for row in connection.execute(query)]
        return [state for state in found if state is not None]
