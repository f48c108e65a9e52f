"""`python -m ops [--check]`: write (or compare) the Prometheus rules and the Grafana dashboard from the SLO file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from ops.dashboard import dashboard
from ops.rules import rule_groups
from ops.slos import SLO_FILE, load

HERE = Path(__file__).parent
RULES = HERE / "prometheus" / "rules.yml"
DASHBOARD = HERE / "grafana" / "slo-dashboard.json"
HEADER = "# Generated from ops/slo.yaml by `python -m ops`: edit the SLO file and regenerate, never this file.\n"


class _BlockDumper(yaml.SafeDumper):
    """Multi-line PromQL as YAML block scalars, so the rules read like the queries they are; no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _string(dumper: yaml.SafeDumper, text: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_BlockDumper.add_representer(str, _string)


def rendered() -> dict[Path, str]:
    """Every generated file's path and the text it must hold."""
    slos = load(SLO_FILE)
    rules = HEADER + yaml.dump(rule_groups(slos), Dumper=_BlockDumper, sort_keys=False, width=120)
    board = json.dumps(dashboard(slos), indent=2, ensure_ascii=False) + "\n"
    return {RULES: rules, DASHBOARD: board}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 naming each generated file that is out of date")
    args = parser.parse_args(argv)
    stale = [path for path, text in rendered().items() if not path.exists() or path.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(HERE.parent)} is out of date: run `python -m ops`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in rendered().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
