"""Bulk reads pause the cycle collector and always give it back as they found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from register.bulk_read import without_cycle_collection


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collection_pauses_during_a_bulk_read_and_resumes_after(collector_on):
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_resumes_even_when_the_read_fails(collector_on):
    with pytest.raises(ValueError), without_cycle_collection():
        raise ValueError("damaged line")
    assert gc.isenabled()


def test_collection_resumes_only_when_the_last_of_overlapping_reads_ends(collector_on):
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with without_cycle_collection():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())

    reader = threading.Thread(target=first)
    reader.start()
    first_in.wait(5)
    with without_cycle_collection():
        pass
    second_done.set()
    reader.join(5)
    assert seen == [False]  # the second read's end did not turn collection back on under the first
    assert gc.isenabled()


def test_collection_left_off_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
