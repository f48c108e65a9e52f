"""Who may change a portfolio: its profile's owner, or the operator (``core.profiles.visibility.may_change``).

Checked inside the command's own unit of work. Anyone else gets the ``NotFound`` an unknown id gets; for a media
id it names the item, never its profile, so a stranger learns neither whose item it is nor that it exists.
"""

from __future__ import annotations

from core.media.model import MediaAsset
from core.media.ports import MediaUnitOfWork
from core.profiles.visibility import changed_by, may_change
from core.shared.actor import Actor
from core.shared.errors import NotFound


def require_portfolio_owner(profile_id: str, actor: Actor, uow: MediaUnitOfWork) -> None:
    """Nothing if ``actor`` may change the profile's portfolio. Raises ``NotFound("profile", id)`` otherwise
    (unknown profile alike)."""
    changed_by(uow.profiles.get(profile_id), actor)


def owned_media(media_id: str, actor: Actor, uow: MediaUnitOfWork) -> MediaAsset:
    """The item if ``actor`` may change its profile's portfolio. Raises ``NotFound("media", id)`` otherwise."""
    try:
        asset = uow.media.get(media_id)
        if may_change(uow.profiles.get(asset.profile_id), actor):
            return asset
    except NotFound:
        pass
    raise NotFound("media", media_id)
