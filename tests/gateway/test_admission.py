"""Admission control counts turns in flight and frees a slot however the turn ends."""

from __future__ import annotations

import pytest

from gateway.admission import Admission


def test_admits_up_to_the_limit_and_refuses_beyond_it():
    admission = Admission(2)
    with admission.admit() as first, admission.admit() as second, admission.admit() as third:
        assert (first, second, third) == (True, True, False)
        assert admission.in_flight == 2
    assert admission.in_flight == 0


def test_a_turn_that_fails_frees_its_slot():
    admission = Admission(1)
    with pytest.raises(RuntimeError), admission.admit():
        raise RuntimeError("the turn failed")
    with admission.admit() as admitted:
        assert admitted


def test_a_refused_request_takes_no_slot():
    admission = Admission(1)
    with admission.admit():
        with admission.admit() as refused:
            assert not refused
        assert admission.in_flight == 1


def test_the_limit_is_at_least_one():
    with pytest.raises(ValueError):
        Admission(0)
