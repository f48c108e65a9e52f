"""The media context's answer to the public profile page's ``PortfolioGallery`` port."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.media.ports import MediaUnitOfWork, ObjectStore
from core.media.views import PublicMedia, public_media, public_media_of
from core.profiles.public import PortfolioItem
from core.shared.errors import DomainError

PAGE_VARIANT = "card"


class MediaGallery:
    """Approved items as page items (the ``card`` variant's public URL); anything else is never returned."""

    def __init__(self, new_uow: Callable[[], MediaUnitOfWork], store: ObjectStore) -> None:
        self._new_uow = new_uow
        self._store = store

    def approved_items(self, profile_id: str) -> list[PortfolioItem]:
        try:
            shown = public_media(profile_id, self._new_uow(), self._store)
        except DomainError:  # the port's contract: empty when the media context cannot answer
            return []
        return _items(shown)

    def approved_items_of(self, profile_ids: Sequence[str]) -> dict[str, list[PortfolioItem]]:
        try:
            shown = public_media_of(profile_ids, self._new_uow(), self._store)
        except DomainError:
            return {profile_id: [] for profile_id in profile_ids}
        return {profile_id: _items(media) for profile_id, media in shown.items()}

    def approved_count(self, profile_id: str) -> int:
        """How many approved images the profile has (the onboarding ``approved_images`` fact)."""
        return len(self.approved_items(profile_id))


def _items(shown: list[PublicMedia]) -> list[PortfolioItem]:
    items = []
    for media in shown:
        variant = media.variant(PAGE_VARIANT) or media.variants[-1]
        items.append(PortfolioItem(variant.url, "", variant.width, variant.height))
    return items
