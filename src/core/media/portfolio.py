"""A profile's portfolio order and cover: positions 0..n-1 without gaps, at most one cover. Pure."""

from __future__ import annotations

from core.media.model import MediaAsset


def arranged(
    assets: list[MediaAsset], media_id: str, position: int | None, is_cover: bool | None
) -> dict[str, tuple[int, bool]]:
    """New ``(position, is_cover)`` per media id after moving ``media_id`` to ``position`` (clamped to the
    list) and setting or clearing its cover flag; every other item keeps its relative order."""
    order = [a.id for a in sorted(assets, key=lambda a: (a.position, a.id))]
    cover = next((a.id for a in assets if a.is_cover), None)
    if position is not None:
        order.remove(media_id)
        order.insert(max(0, min(position, len(order))), media_id)
    if is_cover is True:
        cover = media_id
    elif is_cover is False and cover == media_id:
        cover = None
    return {item: (index, item == cover) for index, item in enumerate(order)}


def public_order(assets: list[MediaAsset]) -> list[MediaAsset]:
    """Approved items only, cover first, then in the owner's order (fail closed: nothing else is shown)."""
    shown = [a for a in assets if a.is_public and a.variants]
    return sorted(shown, key=lambda a: (not a.is_cover, a.position, a.id))
