"""Reading ahead: a producer run on a thread a few items ahead of its consumer, so their waits overlap."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")


def read_ahead(items: Iterator[T], depth: int, name: str) -> Generator[T, None, None]:
    """The items of ``items`` in order, produced on a thread named ``name`` up to ``depth`` items ahead of the
    caller (a database read of the next page runs while the caller computes this one: the database works in its
    own process, and the GIL is let go while a driver waits). The producer's error is raised here, in its place.
    When the caller stops early (closes it) the thread finishes the item it is producing and stops. In a pipeline
    (``read_ahead`` of items made from another ``read_ahead``), close each stage after the one it feeds."""
    handed: queue.Queue[tuple[T] | BaseException | None] = queue.Queue(maxsize=depth)  # None: no more items
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                handed.put((item,))
                if stop.is_set():
                    return
            handed.put(None)
        except BaseException as error:  # handed to the caller, which raises it
            handed.put(error)

    producer = threading.Thread(target=produce, name=name, daemon=True)
    producer.start()
    try:
        while (handed_over := handed.get()) is not None:
            if isinstance(handed_over, BaseException):
                raise handed_over
            yield handed_over[0]
    finally:
        stop.set()
        while producer.is_alive():  # unblock a producer waiting to hand over an item
            with contextlib.suppress(queue.Empty):
                handed.get(timeout=0.05)
