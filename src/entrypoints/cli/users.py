"""`rastup users ...` and `rastup audit verify`: operator commands, each authorised by a staff role.

Every command names its operator with ``--as EMAIL`` (an account holding the admin or support role), whose
stored roles are checked inside the command's unit of work (``core.identity.staff``). The very first admin is
bootstrapped by ``create`` or ``grant-role`` without ``--as`` while no admin exists. Every change is a command
handed to the command bus, and lands in the hash-chained audit log.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from core.identity.handlers import operators
from core.identity.staff import (
    CreateUser,
    DeleteUser,
    ExportUser,
    GrantRole,
    RevokeUserSessions,
    SetUserLocked,
    StaffRole,
)
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.converter import unstructured

app = typer.Typer(help="Accounts, for operators (admin and support roles).", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log of sensitive actions.", no_args_is_help=True)

StaffAs = Annotated[str, typer.Option("--as", help="Your staff account's email (admin or support).")]
BootstrapStaffAs = Annotated[
    str | None, typer.Option("--as", help="Your staff account's email; omit only to bootstrap the first admin.")
]


def _print(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, sort_keys=True, default=str))


@app.command()
@reports_errors
def create(
    email: str,
    actor: BootstrapStaffAs = None,
    password: Annotated[
        str | None, typer.Option(help="Read from stdin when omitted (keeps it off the shell history).")
    ] = None,
) -> None:
    """Create a verified account."""
    secret = password if password is not None else sys.stdin.readline().rstrip("\n")
    user = handle(CreateUser(actor, email, secret))
    _print({"id": user.id, "email": user.email})


@app.command()
@reports_errors
def show(email: str, actor: StaffAs) -> None:
    """The account's status as JSON (no secrets, no hashes)."""
    _print(operators.show_user(actor, email, current_container().identity_uow()))


@app.command()
@reports_errors
def lock(email: str, actor: StaffAs) -> None:
    """Refuse sign-in (as a wrong password would) and revoke every session."""
    handle(SetUserLocked(actor, email, locked=True))
    typer.echo(f"locked {email}")


@app.command()
@reports_errors
def unlock(email: str, actor: StaffAs) -> None:
    """Allow sign-in again and clear failed attempts."""
    handle(SetUserLocked(actor, email, locked=False))
    typer.echo(f"unlocked {email}")


@app.command("grant-role")
@reports_errors
def grant_role(email: str, role: StaffRole, actor: BootstrapStaffAs = None) -> None:
    """Give a staff role (admin only; without --as only while no admin exists)."""
    handle(GrantRole(actor, email, role))
    typer.echo(f"{email} is now {role.value}")


@app.command("revoke-sessions")
@reports_errors
def revoke_sessions(email: str, actor: StaffAs) -> None:
    """Sign the account out everywhere."""
    count = handle(RevokeUserSessions(actor, email))
    typer.echo(f"revoked {count} session(s)")


@app.command()
@reports_errors
def export(email: str, actor: StaffAs) -> None:
    """The account's whole data export as JSON: identity, profiles, bookings (admin only; audited)."""
    _print(unstructured(handle(ExportUser(actor, email))))


@app.command()
@reports_errors
def delete(email: str, actor: StaffAs, yes: Annotated[bool, typer.Option("--yes", help="Confirm.")] = False) -> None:
    """Erase the account (admin only; audited; refused while bookings are open; its pages and images are erased)."""
    if not yes:
        typer.echo("refusing without --yes", err=True)
        raise typer.Exit(2)
    # AccountDeleted is outbound: its clean-up (pages, images and digests erased) runs as the deletion commits
    handle(DeleteUser(actor, email))
    typer.echo(f"deleted {email}")


@app.command("cleanup-deleted")
@reports_errors
def cleanup_deleted() -> None:
    """Take down the pages and forget the digest consent of every profile owner whose account is gone.

    Deleting an account does this at once; this catches a deletion whose follow-up was lost or failed (its log
    line says so). Idempotent: run it daily, or after such a log line."""
    _print(current_container().account_cleanup().reconcile())


@audit_app.command()
@reports_errors
def verify() -> None:
    """Check the hash chain; exit 1 and name the first broken entry if anything was edited or removed."""
    checked, broken = operators.verify_audit(current_container().identity_uow())
    if broken is not None:
        typer.echo(f"audit log TAMPERED: entry {broken} does not chain ({checked} entries)", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {checked} entries")
