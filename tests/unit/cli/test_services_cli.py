"""`rastup services ...`: operators offer, change and list services; bad input exits non-zero, writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from entrypoints.cli.app import app

runner = CliRunner()
PROFILE = "prf_demo_photographer_la"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0


def _listed() -> list[dict[str, object]]:
    listed = runner.invoke(app, ["services", "list", PROFILE])
    assert listed.exit_code == 0, listed.output
    return list(json.loads(listed.stdout))


def test_offer_change_and_list(database: None) -> None:
    before = _listed()
    offered = runner.invoke(app, ["services", "offer", PROFILE, "--title", "Headshots", "--rate", "149.50",
                                  "--role", "photographer", "--policy", "strict"])  # fmt: skip
    assert offered.exit_code == 0, offered.output
    service = json.loads(offered.stdout)
    assert service["hourly_rate"] == {"amount": 14950, "currency": "USD"} and service["cancellation_policy"] == "strict"
    changed = runner.invoke(app, ["services", "change", service["id"], "--policy", "flexible", "--min-duration", "90"])
    assert changed.exit_code == 0, changed.output
    assert (json.loads(changed.stdout)["cancellation_policy"], json.loads(changed.stdout)["min_duration_minutes"]) == (
        "flexible", 90)  # fmt: skip
    assert len(_listed()) == len(before) + 1


@pytest.mark.parametrize(
    "arguments",
    [
        ["--role", "photographer", "--rate", "149.555"],  # a tenth of a cent
        ["--role", "photographer", "--rate", "lots"],
        ["--role", "photographer", "--rate", "150", "--currency", "XYZ"],
        ["--role", "photographer", "--rate", "150", "--policy", "lenient"],
        ["--role", "model", "--rate", "150"],  # not one of the profile's roles
    ],
)
def test_bad_input_exits_non_zero_with_a_message_and_writes_nothing(database: None, arguments: list[str]) -> None:
    before = _listed()
    refused = runner.invoke(app, ["services", "offer", PROFILE, "--title", "Headshots", *arguments])
    assert refused.exit_code != 0
    assert refused.output.strip()
    assert _listed() == before
