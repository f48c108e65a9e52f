"""The embedded default's generated secrets: made once, whole, whoever starts first."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from adapters.crypto import fernet_cipher
from adapters.crypto.fernet_cipher import key_file_secret


def _read(path: str) -> str:
    return key_file_secret(Path(path), what="TEST_KEY")


def test_processes_starting_at_once_all_read_the_one_whole_key(tmp_path: Path) -> None:
    path = tmp_path / "var" / "test.key"
    with ProcessPoolExecutor(max_workers=6) as pool:
        keys = list(pool.map(_read, [str(path)] * 24))
    assert len(set(keys)) == 1 and len(keys[0]) == 44  # a Fernet key, never an empty or partial read
    assert path.read_text().strip() == keys[0] and (path.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["test.key"]  # no drafts left behind


def test_a_process_that_loses_the_race_answers_the_winners_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "test.key"
    link = os.link

    def another_process_first(source: Path, target: Path) -> None:
        Path(target).write_text("the-key-another-process-made\n")
        link(source, target)  # now refused: the target exists

    monkeypatch.setattr(fernet_cipher.os, "link", another_process_first)
    assert key_file_secret(path, what="TEST_KEY") == "the-key-another-process-made"
    assert [p.name for p in tmp_path.iterdir()] == ["test.key"]


def test_without_make_a_missing_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        key_file_secret(tmp_path / "absent.key", what="TEST_KEY", make=False)
