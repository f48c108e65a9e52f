"""What staff see of a reported target beside the report: the target as it stands now, contact details masked."""

from __future__ import annotations

import attrs


@attrs.frozen
class Evidence:
    """A reported profile, media item, review or message: who answers for it, a heading, labelled facts and its
    words (contact details already masked by whoever read it); ``found`` is false when it is gone."""

    found: bool
    owner_id: str | None = None
    heading: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    text: str = ""
    public_path: str | None = None  # where the public sees it (a profile's page), if anywhere

    @classmethod
    def missing(cls) -> Evidence:
        return cls(found=False, heading="Not found: deleted since the report, or never there")
