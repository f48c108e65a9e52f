"""`rastup users ...` with RBAC and `rastup audit verify`, including a tampered row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.sqlalchemy.engine import create_database_engine
from entrypoints.cli.app import app
from entrypoints.cli.errors import EXIT_FORBIDDEN, EXIT_INVALID
from tests.unit.cli.cli_world import PASSWORD, migrated_database, runner


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return migrated_database(tmp_path, monkeypatch)


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


def test_bootstrap_an_admin_then_operate_with_rbac(database: str) -> None:
    assert run("users", "create", "root@example.com", stdin=PASSWORD + "\n")[0] == 0
    assert run("users", "grant-role", "root@example.com", "admin")[0] == 0
    assert run("users", "grant-role", "x@example.com", "admin")[0] != 0  # bootstrap is over
    assert run("users", "create", "sue@example.com", "--as", "root@example.com", "--password", PASSWORD)[0] == 0
    assert run("users", "create", "ann@example.com", "--as", "root@example.com", "--password", PASSWORD)[0] == 0
    assert run("users", "grant-role", "sue@example.com", "support", "--as", "root@example.com")[0] == 0
    code, shown = run("users", "show", "ann@example.com", "--as", "sue@example.com")
    assert code == 0 and json.loads(shown)["email"] == "ann@example.com"
    assert run("users", "lock", "ann@example.com", "--as", "sue@example.com")[0] == 0
    assert json.loads(run("users", "show", "ann@example.com", "--as", "sue@example.com")[1])["disabled_at"]
    assert run("users", "unlock", "ann@example.com", "--as", "sue@example.com")[0] == 0
    assert run("users", "revoke-sessions", "ann@example.com", "--as", "sue@example.com")[0] == 0
    assert run("users", "export", "ann@example.com", "--as", "sue@example.com")[0] == EXIT_FORBIDDEN
    assert run("users", "delete", "ann@example.com", "--as", "sue@example.com", "--yes")[0] == EXIT_FORBIDDEN
    assert run("users", "show", "ann@example.com", "--as", "ann@example.com")[0] == EXIT_FORBIDDEN
    code, exported = run("users", "export", "ann@example.com", "--as", "root@example.com")
    assert code == 0 and json.loads(exported)["identity"]["account"]["email"] == "ann@example.com"
    assert run("users", "delete", "ann@example.com", "--as", "root@example.com", "--yes")[0] == 0
    code, verified = run("audit", "verify")
    assert code == 0 and "intact: 10 entries" in verified


def test_a_weak_password_is_refused_with_its_exit_code(database: str) -> None:
    assert run("users", "create", "root@example.com", "--password", "short")[0] == EXIT_INVALID


def test_audit_verify_detects_a_tampered_row(database: str) -> None:
    run("users", "create", "root@example.com", stdin=PASSWORD + "\n")
    run("users", "grant-role", "root@example.com", "admin")
    run("users", "lock", "root@example.com", "--as", "root@example.com")
    assert run("audit", "verify")[0] == 0
    engine = create_database_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE identity_audit_log SET actor = 'someone-else' WHERE seq = 2"))
    engine.dispose()
    code, output = run("audit", "verify")
    assert code == 1 and "entry 2 does not chain" in output
