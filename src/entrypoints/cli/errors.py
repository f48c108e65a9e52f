"""Exit codes: the one place where domain errors become process statuses for scripts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from config.settings import SettingsError
from core.booking.errors import BookingError, SlotNotOffered
from core.calendar.errors import ScheduleUnreadable
from core.identity.errors import NotPermitted, OpenCommitments, PasswordRefused
from core.media.errors import CorruptImage, MediaStateError, MediaTooLarge, OriginalChanged, UploadMissing
from core.onboarding.errors import (
    NotEligibleForInstantBook,
    ProfileIncomplete,
    StepBlocked,
    VerificationStateError,
)
from core.shared.errors import (
    AlreadyExists,
    DomainError,
    IdempotencyKeyReused,
    InvalidInput,
    NotFound,
    VersionConflict,
)

EXIT_FAILURE = 1  # anything unexpected
EXIT_USAGE = 2  # bad arguments (Typer's own code as well)
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_INVALID = 5
EXIT_CONFIG = 6
EXIT_FORBIDDEN = 7  # the acting staff member lacks the role

_CODES: list[tuple[type[DomainError], int]] = [
    (NotFound, EXIT_NOT_FOUND),
    (VersionConflict, EXIT_CONFLICT),
    (AlreadyExists, EXIT_CONFLICT),
    (IdempotencyKeyReused, EXIT_CONFLICT),
    (InvalidInput, EXIT_INVALID),
    (ProfileIncomplete, EXIT_INVALID),
    (StepBlocked, EXIT_CONFLICT),
    (NotEligibleForInstantBook, EXIT_CONFLICT),
    (VerificationStateError, EXIT_CONFLICT),
    (SlotNotOffered, EXIT_INVALID),
    (BookingError, EXIT_CONFLICT),
    (NotPermitted, EXIT_FORBIDDEN),
    (OpenCommitments, EXIT_CONFLICT),  # an account with open bookings: cancel them first
    (PasswordRefused, EXIT_INVALID),  # taken slot, illegal transition, expired quote
    (MediaStateError, EXIT_CONFLICT),  # media: not possible in the item's status
    (UploadMissing, EXIT_CONFLICT),
    (OriginalChanged, EXIT_CONFLICT),
    (CorruptImage, EXIT_INVALID),
    (MediaTooLarge, EXIT_INVALID),
    (ScheduleUnreadable, EXIT_CONFLICT),  # stored before today's ranges: save the schedule again
]

P = ParamSpec("P")
R = TypeVar("R")


def exit_code_for(error: DomainError) -> int:
    return next((code for kind, code in _CODES if isinstance(error, kind)), EXIT_FAILURE)


def _reasons(error: DomainError) -> str:
    """The reasons a refusal lists (a refused password's every rule), so an operator can fix them all at once."""
    refusals = error.attributes.get("refusals")
    if not isinstance(refusals, list) or not refusals:
        return ""
    return " (" + "; ".join(str(item.get("reason", item)) for item in refusals if isinstance(item, dict)) + ")"


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn domain and settings errors into a one-line message on stderr and a documented exit code."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            print(f"error: {error.detail or error.code}{_reasons(error)}", file=sys.stderr)
            raise typer.Exit(exit_code_for(error)) from None
        except SettingsError as error:
            print(f"error: configuration: {error}", file=sys.stderr)
            raise typer.Exit(EXIT_CONFIG) from None

    return run
