"""Backoff between retries: doubles per attempt, capped, off at base 0."""

import pytest

from ogpcrawl.retry import backoff_seconds


@pytest.mark.parametrize("attempt, expected", [(1, 2.0), (2, 4.0), (3, 8.0), (5, 30.0), (9, 30.0)])
def test_backoff_doubles_and_is_capped(attempt, expected):
    assert backoff_seconds(attempt, base=2.0, cap=30.0) == expected


def test_backoff_off():
    assert backoff_seconds(3, base=0, cap=30.0) == 0.0
    assert backoff_seconds(0, base=2.0, cap=30.0) == 0.0
