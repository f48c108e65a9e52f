"""Ports for the two things the core may not make itself: the current time and fresh ids."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant."""

    def now(self) -> datetime:
        """Return the current instant as an aware UTC ``datetime``. Never naive, never local."""
        ...


class IdGenerator(Protocol):
    """Makes identifiers that are unique across processes and restarts."""

    def new_id(self, prefix: str) -> str:
        """Return a fresh id such as ``prf_01J...``: ``prefix`` + ``_`` + a sortable unique suffix.

        Ids from one generator sort by creation time; no two calls ever return the same id.
        """
        ...
