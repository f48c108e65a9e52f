"""Account deletion's clean-up in the other contexts: an outbox consumer of ``AccountDeleted``, and its repair."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.accounts.sources import owned_profiles
from core.identity.events import AccountDeleted
from core.identity.ports import IdentityUnitOfWork
from core.media.account import erase_media_of
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.onboarding.digest_handlers import forget_recipients
from core.onboarding.ports import DigestsUnitOfWork
from core.onboarding.reminder_settings import forget_reminder_preferences
from core.profiles.account import erase_profiles
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import topic_of_type
from core.shared.relay import Consumer, once_after_steps
from core.shared.unit_of_work import InboxUnitOfWork


@attrs.frozen
class AccountCleanup:
    """What the other contexts do when an account is deleted: its pages are taken down and what is personal in
    them erased (name, texts, links, location, a studio's contact and address), the images of its profiles erased
    (public copies, originals, renditions) and no digest goes to its address again (consent and address
    forgotten), nor a reminder (its reminder preferences forgotten). Idempotent.

    An outbox consumer of ``AccountDeleted`` (``cleanup_consumer``): the deletion's process runs it at once,
    and the relay retries it with back-off after a failure or a crash. ``reconcile`` (``rastup users
    cleanup-deleted``) does the same for every profile owner whose account no longer exists, a repair for
    deletions older than the outbox."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    digests_uow: Callable[[], DigestsUnitOfWork]
    media_uow: Callable[[], MediaUnitOfWork]
    media_store: ObjectStore
    identity_uow: Callable[[], IdentityUnitOfWork]
    clock: Clock

    def _steps(self, user_id: str) -> list[tuple[str, Callable[[], object]]]:
        owned = owned_profiles(user_id, self.profiles_uow())
        return [
            ("profiles_erased", lambda: erase_profiles(user_id, self.profiles_uow(), self.clock.now())),
            ("media_erased", lambda: erase_media_of(owned, self.media_uow(), self.media_store)),
            ("digest_consent_forgotten", lambda: forget_recipients(owned, self.digests_uow())),
            ("reminder_consent_forgotten", lambda: forget_reminder_preferences(user_id, self.digests_uow())),
        ]

    def after_deletion(self, event: Event) -> dict[str, object]:
        """Every step for the deleted account (an ``AccountDeleted``), raising on the first failure."""
        if not isinstance(event, AccountDeleted):
            raise TypeError(f"account clean-up takes AccountDeleted, not {type(event).__name__}")
        return self.clean(event.user_id)

    def clean(self, user_id: str) -> dict[str, object]:
        """Every step for ``user_id``, raising on the first failure; what each did."""
        return {name: step() for name, step in self._steps(user_id)}

    def deleted_owners(self) -> list[str]:
        """Profile owners whose account no longer exists."""
        profiles = self.profiles_uow()
        with profiles.reading():
            owners = profiles.profiles.owner_ids()
        identity = self.identity_uow()
        with identity.reading():
            return [owner for owner in owners if identity.users.get(owner) is None]

    def reconcile(self) -> dict[str, dict[str, object]]:
        """``clean`` every deleted owner: ``{user id: what each step did now}`` (empty when done before)."""
        return {owner: self.clean(owner) for owner in self.deleted_owners()}


def cleanup_consumer(cleanup: AccountCleanup, inbox_uow: Callable[[], InboxUnitOfWork], clock: Clock) -> Consumer:
    """``AccountCleanup`` as the outbox consumer "account-cleanup": skipped for an event it has done."""
    name = "account-cleanup"
    consume = once_after_steps(name, inbox_uow, clock, cleanup.after_deletion)
    return Consumer(name, topic_of_type(AccountDeleted), consume)
