"""Progress of `rastup ops backup|restore` on stderr: plain lines, one per phase and step, when stderr is a log or a
pipe; a bar when it is a terminal."""

from __future__ import annotations

import io

import pytest

from entrypoints.cli.progress import StderrProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO) -> None:
    with StderrProgress("restore", stream) as progress:
        progress.phase("restore (pg_restore)")
        progress.phase("count rows", 2)
        progress.step("bookings")
        progress.step("profiles")


def test_a_log_gets_a_line_per_phase_and_per_step() -> None:
    log = io.StringIO()
    _run(log)
    lines = [line.split("] ", 1) for line in log.getvalue().splitlines()]
    assert all(prefix.startswith("restore [") for prefix, _ in lines)
    assert [text for _, text in lines] == ["restore (pg_restore)", "count rows (2)", "count rows 1/2 bookings",
                                           "count rows 2/2 profiles"]  # fmt: skip


def test_a_terminal_gets_bars_that_end_complete() -> None:
    terminal = Terminal()
    _run(terminal)
    shown = terminal.getvalue()
    assert "restore: restore (pg_restore)" in shown and "restore: count rows" in shown and "2/2" in shown
    assert "count rows 1/2 bookings" not in shown  # no log lines on a terminal


def test_a_failure_leaves_the_bar_where_it_stopped() -> None:
    terminal = Terminal()
    with pytest.raises(RuntimeError), StderrProgress("backup", terminal) as progress:
        progress.phase("count rows", 3)
        progress.step("bookings")
        raise RuntimeError("pg_dump failed")
    assert "1/3" in terminal.getvalue()
