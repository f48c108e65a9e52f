"""How far a long operator command got, on stderr (stdout keeps only its JSON): a bar per phase when stderr is a
terminal, plain timestamped lines otherwise (cron mail, CI logs, a pipe), one per phase and one per step."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class StderrProgress:
    """A ``BackupProgress`` for the terminal or a log; use it as a context manager around the work."""

    def __init__(self, command: str, stream: TextIO | None = None) -> None:
        self._command, self._stream = command, stream or sys.stderr
        self._started = time.monotonic()
        self._phase, self._total, self._done = "", 0, 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        if self._stream.isatty():
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Progress(*columns, console=Console(file=self._stream))

    def __enter__(self) -> StderrProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self._finish_phase()
        if self._bar is not None:
            self._bar.stop()

    def phase(self, name: str, total: int = 0) -> None:
        self._finish_phase()
        self._phase, self._total, self._done = name, total, 0
        if self._bar is not None:
            self._task = self._bar.add_task(f"{self._command}: {name}", total=total or None)
        else:
            self._line(f"{name}" + (f" ({total})" if total else ""))

    def step(self, item: str) -> None:
        self._done += 1
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)
        elif self._bar is None:
            self._line(f"{self._phase} {self._done}/{self._total or '?'} {item}")

    def _finish_phase(self) -> None:
        if self._bar is not None and self._task is not None:
            total = self._total or 1  # a phase of one long step shows done once the next begins
            self._bar.update(self._task, total=total, completed=total)

    def _line(self, text: str) -> None:
        print(f"{self._command} [{time.monotonic() - self._started:7.1f}s] {text}", file=self._stream, flush=True)
