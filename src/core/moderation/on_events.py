"""Moderation's handlers of its own events: the reporter is told the outcome; a takedown's claimant and the owner
of its target are told each step (notices through the delivery queue). Run by the message bus after the commit,
at most once."""

from __future__ import annotations

from collections.abc import Callable

from core.identity.ports import IdentityUnitOfWork
from core.identity.service_ports import NoticeSender
from core.moderation.events import ReportResolved, TakedownStepped
from core.moderation.model import TargetKind
from core.moderation.ports import Offenders
from core.moderation.takedown_notices import claimant_mail, owner_mail
from core.shared.messagebus import Handlers

OUTCOMES = {
    "dismiss": "We looked into it and found nothing against our rules, so we took no action.",
    "hide": "We found it against our rules and hid it.",
    "remove": "We found it against our rules and removed it.",
    "warn": "We found it against our rules and warned the account responsible.",
    "suspend": "We found it against our rules and suspended the account responsible.",
}


def outcome_notice(event: ReportResolved) -> tuple[str, str]:
    """The subject and text the reporter receives (what was done, never who decided nor the other party's data)."""
    text = (f"Thank you for your report ({event.report_id}) about a {event.target_kind}.\n\n"
            f"{OUTCOMES.get(event.action, 'We have decided on it.')}\n")  # fmt: skip
    return "The outcome of your report", text


def moderation_handlers(new_identity_uow: Callable[[], IdentityUnitOfWork], notices: NoticeSender,
                        offenders: Offenders) -> Handlers:  # fmt: skip
    """Moderation's handler map for the message bus."""

    def tell_reporter(event: ReportResolved) -> None:
        uow = new_identity_uow()
        with uow.reading():
            reporter = uow.users.get(event.reporter_id)
        if reporter is not None:  # an erased account is told nothing
            notices.send_notice(reporter.email, *outcome_notice(event))

    def tell_takedown_parties(event: TakedownStepped) -> list[str]:
        told = []
        if (mail := claimant_mail(event)) is not None:
            notices.send_notice(event.claimant_email, *mail)
            told.append("claimant")
        owner_id = offenders.account_of(TargetKind(event.target_kind), event.target_id)
        if (mail := owner_mail(event)) is not None and owner_id is not None:
            uow = new_identity_uow()
            with uow.reading():
                owner = uow.users.get(owner_id)
            if owner is not None:
                notices.send_notice(owner.email, *mail)
                told.append("owner")
        return told

    return {ReportResolved: [tell_reporter], TakedownStepped: [tell_takedown_parties]}
