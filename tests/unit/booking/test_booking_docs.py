"""docs/booking.md shows the transition table the code enforces."""

from __future__ import annotations

import re
from pathlib import Path

from core.booking.transitions import render_mermaid

DOC = Path(__file__).parents[3] / "docs" / "booking.md"


def test_the_documented_diagram_is_the_one_the_code_renders() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    assert blocks == [render_mermaid()], "regenerate the diagram in docs/booking.md (see the command there)"
