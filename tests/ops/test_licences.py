"""The licence check of `make sbom`: a runtime dependency under the AGPL fails it, an unnamed licence must be
declared, and LGPL or permissive licences pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ops.licences import DECLARED, main, problems


def _component(name: str, *licences: dict[str, object]) -> dict[str, object]:
    return {"name": name, "version": "1.0", "licenses": list(licences)}


def test_agpl_and_sspl_fail_lgpl_and_permissive_pass() -> None:
    components = [
        _component("nudenet", {"license": {"id": "AGPL-3.0-only"}}),
        _component("mongo-ish", {"license": {"name": "Server Side Public License"}}),
        _component("psycopg", {"license": {"id": "LGPL-3.0-only"}}),
        _component("attrs", {"license": {"id": "MIT"}}),
        _component("crypto", {"expression": "Apache-2.0 OR BSD-3-Clause"}),
        _component("classic", {"license": {"name": "License :: OSI Approved :: GNU Affero General Public License v3"}}),
    ]
    assert [line.split(":")[0] for line in problems(components)] == ["nudenet 1.0", "mongo-ish 1.0", "classic 1.0"]


def test_a_component_naming_no_licence_fails_unless_declared() -> None:
    assert problems([_component("mystery")]) == ["mystery 1.0: no licence in its metadata; check it, then declare it"]
    assert problems([_component(name) for name in DECLARED]) == []


def test_the_command_exits_1_naming_the_component_and_0_for_a_clean_sbom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text(json.dumps({"components": [_component("nudenet", {"license": {"id": "AGPL-3.0-only"}})]}))
    good.write_text(json.dumps({"components": [_component("attrs", {"license": {"id": "MIT"}})]}))
    assert main([str(bad)]) == 1 and "nudenet 1.0: forbidden licence AGPL-3.0-only" in capsys.readouterr().err
    assert main([str(good)]) == 0 and "1 runtime components" in capsys.readouterr().out
