"""Who a signed-in searcher never finds: the profiles of the users they blocked or who blocked them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import attrs

Estranged = Callable[[str], Collection[str]]  # the users a user blocked or was blocked by (messaging's answer)
OwnedBy = Callable[[str], Sequence[str]]  # the ids of the profiles a user owns (``ProfileSnapshots.owned_by``)


@attrs.frozen
class HiddenProfiles:
    """``hidden(user_id)``: the ids of every profile owned by a user estranged from ``user_id`` (none for most users:
    one read of the blocks, then one read of profiles per blocked user)."""

    estranged: Estranged
    owned_by: OwnedBy

    def __call__(self, user_id: str) -> frozenset[str]:
        return frozenset(profile for other in self.estranged(user_id) for profile in self.owned_by(other))


def nobody_hidden(user_id: str) -> frozenset[str]:
    """For a desk without blocks to honour (tests, tools): every profile is listed."""
    return frozenset()
