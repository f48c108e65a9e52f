"""Takedown commands: the public notice (no account: a CAPTCHA instead), staff's steps, the owner's counter-notice."""

from __future__ import annotations

import attrs

from core.moderation.takedowns import Takedown
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen(kw_only=True)
class FileTakedown(Command[Takedown]):
    """Anyone files a notice; ``captcha_token`` is checked with the provider for ``remote_ip``."""

    claimant_name: str
    claimant_email: str
    work: str
    target: str  # the infringing media's or profile's URL or id
    good_faith: bool
    accurate: bool
    signature: str
    captcha_token: str
    remote_ip: str


@attrs.frozen(kw_only=True)
class AcknowledgeTakedown(Command[Takedown]):
    actor: Actor
    takedown_id: str


@attrs.frozen(kw_only=True)
class ActOnTakedown(Command[Takedown]):
    """Staff propose removing the target (it stays hidden; a second staff member approves) or reject the notice
    (it is shown again), with a reason."""

    actor: Actor
    takedown_id: str
    remove: bool
    reason: str


@attrs.frozen(kw_only=True)
class ApproveTakedownRemoval(Command[Takedown]):
    """A second staff member (never the proposer) approves the proposed removal (dual control)."""

    actor: Actor
    takedown_id: str


@attrs.frozen(kw_only=True)
class CounterTakedown(Command[Takedown]):
    """The owner of the removed media or profile disputes the notice."""

    actor: Actor
    takedown_id: str
    statement: str
    signature: str


@attrs.frozen(kw_only=True)
class RestoreTakedown(Command[Takedown]):
    """Staff put the target back once a counter-notice's waiting period has passed."""

    actor: Actor
    takedown_id: str
