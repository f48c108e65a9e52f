"""Copyright (DMCA) takedowns: anyone files a notice (no account, a CAPTCHA); the media is hidden while it is
pending; staff acknowledge and act (remove or reject) within the SLA, shown in their queue and on /metrics; the
owner files a counter-notice and staff restore the item after the waiting period."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import FromPath, JSONBody, QueryParameter, SkipValidation

from core.moderation.takedown_commands import (
    AcknowledgeTakedown,
    ActOnTakedown,
    ApproveTakedownRemoval,
    CounterTakedown,
    FileTakedown,
    RestoreTakedown,
)  # fmt: skip
from core.moderation.takedown_handlers import QueuedTakedown, takedown_for_staff, takedown_queue
from core.moderation.takedowns import Takedown, TakedownSla, TakedownStatus, deadlines
from core.shared.clock import Clock
from core.shared.errors import InvalidInput
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.client_address import network_context
from entrypoints.http.dependencies import ClockDep, CommandsDep, ModerationUow
from entrypoints.shapes.moderation import member
from entrypoints.shapes.takedowns import (
    ActIn,
    CounteredOut,
    CounterNoticeIn,
    NoticeFiledOut,
    TakedownIn,
    TakedownOut,
)  # fmt: skip

TAGS = ["takedowns"]
SlaDep = SkipValidation[TakedownSla]
STAFF_STEP = ("staff-only", "takedown-state")


@post("/takedowns", tags=TAGS, sync_to_thread=True, status_code=201, problems=("captcha-failed", "rate-limited"))
def file(
    data: JSONBody[TakedownIn], request: Request[Any, Any, Any], commands: CommandsDep, takedown_sla: SlaDep
) -> NoticeFiledOut:
    """File a copyright notice (no account needed; solve the CAPTCHA; a few per client address per hour, then 429
    with Retry-After). The media named is hidden while staff look at it; you hear from us at the email address
    given."""
    command = FileTakedown(
        claimant_name=data.claimantName, claimant_email=data.claimantEmail, work=data.work, target=data.target,
        good_faith=data.goodFaith, accurate=data.accurate, signature=data.signature,
        captcha_token=data.captchaToken, remote_ip=network_context(request).ip,
    )  # fmt: skip
    takedown = commands.handle(command)
    return NoticeFiledOut(takedown.id, takedown.status.value, takedown.received_at + takedown_sla.acknowledge_within)


@post("/takedowns/{takedown_id:str}/counter-notice", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("takedown-state",))  # fmt: skip
def counter_notice(
    takedown_id: FromPath[str], data: JSONBody[CounterNoticeIn], commands: CommandsDep, current_user: CurrentUserDep
) -> CounteredOut:
    """The owner of the removed media or profile disputes the notice; staff may restore it after the waiting
    period (``restorableAt``). Anyone else gets 404."""
    command = CounterTakedown(actor=current_user, takedown_id=takedown_id, statement=data.statement,
                              signature=data.signature)  # fmt: skip
    return CounteredOut.of(commands.handle(command))


@get("/staff/takedowns", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def queue(
    moderation_uow: ModerationUow, current_user: CurrentUserDep, clock: ClockDep, takedown_sla: SlaDep,
    status: Annotated[str | None, QueryParameter(max_length=40)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> list[TakedownOut]:  # fmt: skip
    """Staff: notices waiting (received, acknowledged, countered; or one ``status``), oldest first, each with its
    SLA deadlines (acknowledge within 24 h, act within 72 h) and whether it is late."""
    statuses = frozenset() if status is None else frozenset({member(TakedownStatus, "status", status)})
    found = takedown_queue(moderation_uow, current_user, statuses, limit, takedown_sla, clock.now())
    return [TakedownOut.of(q) for q in found]


@get("/staff/takedowns/{takedown_id:str}", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def read(
    takedown_id: FromPath[str], moderation_uow: ModerationUow, current_user: CurrentUserDep, clock: ClockDep,
    takedown_sla: SlaDep,
) -> TakedownOut:  # fmt: skip
    """Staff: one notice, with the claimant, the statements and the counter-notice."""
    return TakedownOut.of(takedown_for_staff(moderation_uow, current_user, takedown_id, takedown_sla, clock.now()))


def _as_queued(takedown: Takedown, sla: TakedownSla, clock: Clock) -> TakedownOut:
    """A notice a staff step just changed, with its deadlines as the queue shows them."""
    return TakedownOut.of(QueuedTakedown(takedown, deadlines(takedown, sla, clock.now())))


@post("/staff/takedowns/{takedown_id:str}/acknowledge", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=STAFF_STEP)  # fmt: skip
def acknowledge(
    takedown_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep, clock: ClockDep,
    takedown_sla: SlaDep,
) -> TakedownOut:  # fmt: skip
    """Staff: acknowledge a received notice (the first SLA step)."""
    takedown = commands.handle(AcknowledgeTakedown(actor=current_user, takedown_id=takedown_id))
    return _as_queued(takedown, takedown_sla, clock)


@post("/staff/takedowns/{takedown_id:str}/act", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=STAFF_STEP)  # fmt: skip
def act(
    takedown_id: FromPath[str], data: JSONBody[ActIn], commands: CommandsDep, current_user: CurrentUserDep,
    clock: ClockDep, takedown_sla: SlaDep,
) -> TakedownOut:  # fmt: skip
    """Staff: propose to ``remove`` (the target stays down once another staff member approves: status ``proposed``)
    or ``reject`` (the media is shown again; a proposed removal can be rejected too), with a reason."""
    if data.action not in ("remove", "reject"):
        raise InvalidInput("action", "one of remove, reject")
    command = ActOnTakedown(actor=current_user, takedown_id=takedown_id, remove=data.action == "remove",
                            reason=data.reason)  # fmt: skip
    takedown = commands.handle(command)
    return _as_queued(takedown, takedown_sla, clock)


@post("/staff/takedowns/{takedown_id:str}/approve", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=(*STAFF_STEP, "dual-control"))  # fmt: skip
def approve(
    takedown_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep, clock: ClockDep,
    takedown_sla: SlaDep,
) -> TakedownOut:  # fmt: skip
    """Staff: approve the removal another staff member proposed (dual control: 409 ``dual-control`` for the
    proposer); the target is then removed."""
    takedown = commands.handle(ApproveTakedownRemoval(actor=current_user, takedown_id=takedown_id))
    return _as_queued(takedown, takedown_sla, clock)


@post("/staff/takedowns/{takedown_id:str}/restore", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=STAFF_STEP)  # fmt: skip
def restore(
    takedown_id: FromPath[str], commands: CommandsDep, current_user: CurrentUserDep, clock: ClockDep,
    takedown_sla: SlaDep,
) -> TakedownOut:  # fmt: skip
    """Staff: put a countered item back once its waiting period has passed (409 before)."""
    takedown = commands.handle(RestoreTakedown(actor=current_user, takedown_id=takedown_id))
    return _as_queued(takedown, takedown_sla, clock)


router = Router("/api", route_handlers=[file, counter_notice, queue, read, acknowledge, act, approve, restore])
