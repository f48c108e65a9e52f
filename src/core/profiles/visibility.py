"""Who may see a profile: published ones anyone; drafts, taken-down and erased ones their owner and staff. Pure."""

from __future__ import annotations

import attrs

from core.profiles.model import ProfileDraft
from core.shared.errors import NotFound


@attrs.frozen
class Viewer:
    """Who reads: a signed-in user (its id and staff roles) or, with no user id, an anonymous caller."""

    user_id: str | None = None
    staff_roles: tuple[str, ...] = ()

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_roles)


ANONYMOUS = Viewer()
# The operator's CLI, and reads made on behalf of a caller whose view was already decided (the public page's
# own portfolio and preview): every profile.
OPERATOR = Viewer(staff_roles=("operator",))


def may_see(profile: ProfileDraft, viewer: Viewer) -> bool:
    """A published profile is anyone's to see; any other (a draft, one taken down, one whose owner deleted their
    account) only its owner's and staff's."""
    if profile.is_published or viewer.is_staff:
        return True
    return viewer.user_id is not None and profile.owner_user_id == viewer.user_id


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
