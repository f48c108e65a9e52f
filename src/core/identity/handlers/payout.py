"""The payout destination: an opaque reference, changed only from a stepped-up session."""

from __future__ import annotations

from core.identity.commands import ChangePayoutDestination
from core.identity.events import PayoutDestinationChanged
from core.identity.handlers.sessions import acting_session, session_account
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.identity.step_up import SensitiveAction, ensure_stepped_up
from core.shared.audit import AuditRecord


def change_payout_destination(cmd: ChangePayoutDestination, uow: IdentityUnitOfWork, svc: IdentityServices) -> None:
    """Store the actor's new reference. Raises ``SessionInvalid`` (also for a session not the actor's),
    ``StepUpRequired`` or ``InvalidInput``. Idempotent (the same reference again changes nothing and records
    nothing); audited otherwise."""
    session = acting_session(cmd.actor, cmd.session_token, uow, svc)
    now = svc.clock.now()
    ensure_stepped_up(session, SensitiveAction.PAYOUT_DESTINATION_CHANGE, now)
    with uow:
        user = session_account(session, uow)
        previous = user.payout_destination_ref
        user.set_payout_destination(cmd.reference, now)
        if user.payout_destination_ref == previous:
            return
        uow.users.save(user)
        # no references in the details: the chained log outlives an account deletion
        uow.audit.append(AuditRecord(user.id, "payout-destination.change", user.id, now, cmd.context.ip))
        uow.record(PayoutDestinationChanged(user.id, now))
        uow.commit()
