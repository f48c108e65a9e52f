"""Which characters a stored text may hold: no controls, lone surrogates or bidi overrides (the Trojan Source set)."""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls; lone surrogates (not storable as UTF-8); the bidi embeddings, overrides and
# isolates that reorder what a reader sees (CVE-2021-42574). Marks (U+200E/F) and joiners (emoji) stay allowed.
_OTHER = "\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE = re.compile(f"[\x00-\x1f{_OTHER}]")
_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER}]")  # keeps tab, newline, carriage return


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` must not hold, as ``U+XXXX``, else ``None``.

    Refused: NUL and every other C0/C1 control (``multiline`` keeps tab, newline and carriage return), DEL,
    lone surrogates and the bidi embedding, override and isolate controls.
    """
    found = (_MULTILINE if multiline else _SINGLE_LINE).search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def refusal(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` is refused (an ``InvalidInput`` reason), else ``None``."""
    found = forbidden_character(text, multiline=multiline)
    return None if found is None else f"must not contain control or bidi-override characters ({found})"
