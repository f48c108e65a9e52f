"""Reading ahead: items in order, the producer's error in its place, and a producer stopped when the caller stops."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.shared.read_ahead import read_ahead


@given(items=st.lists(st.integers()), depth=st.integers(min_value=1, max_value=4))
def test_every_item_arrives_in_order(items: list[int], depth: int) -> None:
    assert list(read_ahead(iter(items), depth, "test-reader")) == items


def test_the_producers_error_is_raised_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise LookupError("gone")

    seen = []
    with pytest.raises(LookupError, match="gone"):
        for item in read_ahead(failing(), 2, "test-reader"):
            seen.append(item)
    assert seen == [1]


def test_a_caller_stopping_early_stops_the_producer() -> None:
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    items = read_ahead(endless(), 2, "test-reader-stopped")
    assert next(items) == 0
    items.close()
    assert not any(thread.name == "test-reader-stopped" for thread in threading.enumerate())
    assert len(produced) <= 5  # the item taken, the two waiting, one being handed over, and the one after


def test_a_pipeline_stopped_early_ends_every_thread() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    first = read_ahead(endless(), 2, "test-pipeline-first")
    with contextlib.closing(first):
        doubled = read_ahead((n * 2 for n in first), 2, "test-pipeline-second")
        assert [next(doubled) for _ in range(3)] == [0, 2, 4]
        doubled.close()
    assert not any(thread.name.startswith("test-pipeline") for thread in threading.enumerate())
