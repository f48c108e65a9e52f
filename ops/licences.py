"""`python -m ops.licences SBOM.json`: refuse a runtime dependency under a licence the project forbids.

The SBOM (CycloneDX JSON, from `make sbom`) lists what `pip install .` puts beside RastUp, without extras. RastUp
is a network service: a dependency under the AGPL or the SSPL would oblige us to publish the service's source,
so both are forbidden at run time. NudeNet (AGPL-3.0) is allowed only because it stays in the optional
`moderation` extra, which this SBOM leaves out. LGPL (psycopg, recurring-ical-events) is fine as a library
dependency. A component whose metadata names no licence must be listed in ``DECLARED`` with what its source
says, so an unknown never passes unseen.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORBIDDEN = re.compile(r"\b(AGPL|Affero|SSPL|Server Side Public|Commons[- ]Clause)", re.IGNORECASE)
# Components whose package metadata carries no licence: what their source distribution's LICENSE file says.
DECLARED = {
    "rich-click": "MIT (LICENSE in its repository, ewels/rich-click)",
}


def licences(component: dict[str, Any]) -> list[str]:
    """Every licence id, name or expression a CycloneDX component names (classifiers included)."""
    found = []
    for entry in component.get("licenses", []):
        licence = entry.get("license", {})
        found.append(entry.get("expression") or licence.get("id") or licence.get("name") or "")
    return [text for text in found if text]


def problems(components: Iterable[dict[str, Any]]) -> list[str]:
    """One line per component that is forbidden, or that names no licence and is not ``DECLARED``."""
    found = []
    for component in components:
        name, named = component["name"], licences(component)
        if forbidden := [text for text in named if FORBIDDEN.search(text)]:
            found.append(f"{name} {component.get('version', '')}: forbidden licence {', '.join(forbidden)}")
        elif not named and name not in DECLARED:
            found.append(
                f"{name} {component.get('version', '')}: no licence in its metadata; check it, then declare it"
            )
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m ops.licences SBOM.json", file=sys.stderr)
        return 2
    components = json.loads(Path(argv[0]).read_text())["components"]
    if found := problems(components):
        print("\n".join(found), file=sys.stderr)
        return 1
    print(f"{len(components)} runtime components, none under a forbidden licence")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
