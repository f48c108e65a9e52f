"""Who may see a profile (published ones anyone; drafts, taken-down and erased ones their owner and staff) and who
may change it (its owner; the operator). Pure."""

from __future__ import annotations

from core.profiles.errors import SignInRequired
from core.profiles.model import ProfileDraft, ServiceProfile
from core.shared.actor import ANONYMOUS, OPERATOR, Actor
from core.shared.errors import NotFound

__all__ = ["ANONYMOUS", "OPERATOR", "Viewer", "changed_by", "listing_scope", "may_change", "may_see", "may_see_owned",
           "owner_of_new", "service_changed_by", "shown_to"]  # fmt: skip

# Who reads is an ``Actor`` too. ``OPERATOR`` is also used for reads made on behalf of a caller whose view was
# already decided (the public page's own portfolio and preview): it sees every profile.
Viewer = Actor


def may_see(profile: ProfileDraft, viewer: Viewer) -> bool:
    """A published profile is anyone's to see; any other (a draft, one taken down, one whose owner deleted their
    account) only its owner's and staff's."""
    if profile.is_published or viewer.is_staff:
        return True
    return viewer.is_user(profile.owner_user_id)


def shown_to(profile: ProfileDraft, viewer: Viewer) -> ProfileDraft:
    """``profile`` if ``viewer`` may see it. Raises the ``NotFound`` an unknown id gets (never a 403, so a
    stranger cannot tell a hidden profile from a missing one)."""
    if not may_see(profile, viewer):
        raise NotFound("profile", profile.id)
    return profile


def listing_scope(viewer: Viewer) -> tuple[bool, str | None]:
    """What a list shows ``viewer``, as (published only?, whose other profiles too): staff every profile; a
    signed-in user the published ones and their own; anyone else the published ones."""
    if viewer.is_staff:
        return False, None
    return True, viewer.user_id


def may_change(profile: ProfileDraft, actor: Actor) -> bool:
    """Only a profile's owner changes it (and what hangs off it: services, media, schedule), or the operator.
    Staff read every profile but change none over the API; an unowned (seeded) profile is the operator's."""
    return actor.is_operator or actor.is_user(profile.owner_user_id)


def changed_by(profile: ProfileDraft, actor: Actor) -> ProfileDraft:
    """``profile`` if ``actor`` may change it. Raises the ``NotFound`` an unknown id gets, so a stranger cannot
    tell someone else's profile from a missing one."""
    if not may_change(profile, actor):
        raise NotFound("profile", profile.id)
    return profile


def service_changed_by(service: ServiceProfile, profile: ProfileDraft, actor: Actor) -> ServiceProfile:
    """``service``, offered on ``profile``, if ``actor`` may change that profile. Raises the ``NotFound`` an
    unknown service id gets: it names the service alone, so a stranger learns nothing of the profile."""
    if not may_change(profile, actor):
        raise NotFound("service profile", service.id)
    return service


def owner_of_new(actor: Actor) -> str | None:
    """Who owns a profile ``actor`` creates: a signed-in user (staff included) their own; the operator's are
    unowned, and so the operator's alone to change until given to a user. Raises ``SignInRequired`` for an
    anonymous caller."""
    if actor.user_id is None and not actor.is_operator:
        raise SignInRequired()
    return actor.user_id


def may_see_owned(published: bool, owner_user_id: str | None, viewer: Viewer) -> bool:
    """``may_see`` on a read model's copy of the profile's status and owner."""
    return published or viewer.is_staff or viewer.is_user(owner_user_id)
