"""The message bus's and the availability marks' reports, as structlog lines (wired by the composition root).

Lines name the event's type and the handler, never the event's fields (they may carry addresses or names).
"""

from __future__ import annotations

import structlog

from core.shared.events import Event

log = structlog.get_logger("rastup.events")


def handler_failed(event: Event, handler: str, error: Exception) -> None:
    """A handler raised: the command's change has committed and its answer stands; this line is what is left."""
    log.error("event_handler_failed", event_type=type(event).__name__, handler=handler, error=type(error).__name__)


def event_handled(event: Event, handler: str, done: object) -> None:
    """Debug level: a line per event would drown the service's log at info, and the CLI's JSON output."""
    log.debug("event_handled", event_type=type(event).__name__, handler=handler, done=done)


def availability_refresh_failed(owner_id: str, error: Exception) -> None:
    """The row catches up at the owner's next change, or at ``rastup calendar reindex``."""
    log.error("availability_refresh_failed", owner_id=owner_id, error=repr(error))
