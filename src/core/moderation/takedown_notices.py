"""What a takedown's claimant and the target's owner are told at each step (the owner learns the notice's id, which
a counter-notice names; the claimant receives the counter-notice's news). Pure."""

from __future__ import annotations

from core.moderation.events import TakedownStepped

Mail = tuple[str, str]  # subject, text

CLAIMANT = {
    "received": "We received your copyright notice and hid the item while we look at it. We acknowledge notices "
                "within 24 hours and act on them within 72.",
    "acknowledged": "We are looking at your copyright notice.",
    "removed": "We removed the item your notice names.",
    "rejected": "We could not act on your notice as filed (see our copyright policy); the item is shown again.",
    "countered": "The owner of the item filed a counter-notice. Unless you tell us within the waiting period that "
                 "you have filed an action in court, we will restore the item.",
    "restored": "After the owner's counter-notice and the waiting period, the item is shown again.",
}  # fmt: skip
OWNER = {
    "received": "A copyright notice names an item of yours; it is hidden while we look at it.",
    "removed": "We removed the item under a copyright notice. If you believe this is a mistake, you may file a "
               "counter-notice: POST /api/takedowns/{takedown_id}/counter-notice while signed in.",
    "rejected": "The copyright notice naming your item was rejected; the item is shown again.",
    "restored": "After your counter-notice and the waiting period, your item is shown again.",
}  # fmt: skip


def claimant_mail(event: TakedownStepped) -> Mail | None:
    """What the claimant is told at this step, or ``None``."""
    text = CLAIMANT.get(event.step)
    if text is None:
        return None
    return f"Your copyright notice {event.takedown_id}", text.format(takedown_id=event.takedown_id) + "\n"


def owner_mail(event: TakedownStepped) -> Mail | None:
    """What the owner of the target is told at this step (never the claimant's address), or ``None``."""
    text = OWNER.get(event.step)
    if text is None:
        return None
    about = f"Copyright notice {event.takedown_id} about your {event.target_kind} {event.target_id}"
    return about, text.format(takedown_id=event.takedown_id) + "\n"
