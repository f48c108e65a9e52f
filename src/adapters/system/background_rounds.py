"""A daemon thread running rounds of work: woken by this process, polling for the others' work, drained on close.

The delivery dispatcher and the outbox relay worker are both this thread; only their round differs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TypeVar

import structlog

log = structlog.get_logger("rastup.background")
R = TypeVar("R", bound="BackgroundRounds")


class BackgroundRounds:
    """Runs ``_round`` on a daemon thread until ``close``.

    After a round that filled its batch it goes again at once; otherwise it sleeps ``poll_s`` or until ``wake``.
    Subclasses implement ``_round`` (returning how many items it claimed) and name the thread.
    """

    thread_name = "rastup-background"
    failure_event = "background_round_failed"

    def __init__(self, *, poll_s: float, batch: int) -> None:
        self._poll_s, self._batch = poll_s, batch
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def _round(self) -> int:
        raise NotImplementedError

    def start(self) -> None:
        with self._start_lock:
            if self._thread is None and not self._closing.is_set():
                self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
                self._thread.start()

    def wake(self) -> None:
        """Work is waiting: do it now rather than at the next poll (if the thread runs)."""
        self._wake.set()

    def close(self, timeout_s: float = 10.0) -> bool:
        """Stop after the work due now (for at most ``timeout_s``); False if time ran out first."""
        self._closing.set()
        self._wake.set()
        with self._start_lock:
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        if thread.is_alive():
            log.error(f"{self.thread_name}_not_drained", timeout_s=timeout_s)
            return False
        return True

    def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                claimed = self._round()
            except Exception as error:  # the store itself failed (database down): try again next poll
                log.error(self.failure_event, error=type(error).__name__)
                claimed = 0
            if self._closing.is_set() and claimed < self._batch:
                return
            if claimed < self._batch:  # a full batch means more may be due: go again at once
                self._wake.wait(self._poll_s)


def running(rounds: R, drain_timeout_s: float = 10.0) -> Iterator[R]:
    """The thread as a container resource: the service calls ``start``; ``shutdown_resources`` lets it finish
    the work due now and stops it."""
    try:
        yield rounds
    finally:
        rounds.close(drain_timeout_s)
