"""Swedish working days across the holidays that trip calendars up."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samosa.models.workdays import (
    add_working_days,
    count_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    non_working_reason,
    previous_working_day,
    roll_forward,
    working_days,
)

D = dt.date


@pytest.mark.parametrize(
    "day,name",
    [
        (D(2024, 6, 21), "Midsommarafton"),
        (D(2024, 12, 24), "Julafton"),
        (D(2024, 12, 31), "Nyårsafton"),
        (D(2024, 12, 25), "Juldagen"),
        (D(2024, 12, 26), "Annandag jul"),
        (D(2025, 1, 1), "Nyårsdagen"),
        (D(2025, 1, 6), "Trettondedag jul"),
        (D(2025, 4, 18), "Långfredagen"),
        (D(2025, 4, 21), "Annandag påsk"),
        (D(2025, 5, 1), "Första maj"),
        (D(2025, 5, 29), "Kristi himmelsfärdsdag"),
        (D(2025, 6, 6), "Nationaldagen"),
    ],
)
def test_holidays_and_de_facto_eves_are_not_working_days(day, name):
    assert day.weekday() < 5
    assert not is_working_day(day)
    assert holiday_name(day) == name


@pytest.mark.parametrize("day", [D(2025, 4, 30), D(2024, 1, 5), D(2025, 4, 17), D(2024, 6, 20), D(2024, 12, 23)])
def test_half_day_eves_are_working_days(day):
    """Valborgsmässoafton, trettondagsafton, skärtorsdagen and "dag före" eves end at 14.00 but count."""
    assert is_working_day(day)
    assert non_working_reason(day) is None


def test_weekends():
    assert non_working_reason(D(2024, 6, 1)) == "lördag"
    assert non_working_reason(D(2024, 6, 2)) == "söndag"
    assert is_working_day(D(2024, 6, 3))


@pytest.mark.parametrize(
    "start,n,expected",
    [
        (D(2024, 6, 20), 1, D(2024, 6, 24)),  # over midsommarafton and the weekend
        (D(2024, 6, 19), 3, D(2024, 6, 25)),
        (D(2024, 12, 20), 1, D(2024, 12, 23)),
        (D(2024, 12, 23), 1, D(2024, 12, 27)),  # julafton, juldagen, annandag jul
        (D(2024, 12, 30), 1, D(2025, 1, 2)),  # nyårsafton, nyårsdagen
        (D(2024, 12, 20), 6, D(2025, 1, 7)),  # … and trettondedag jul on a Monday
        (D(2025, 4, 17), 1, D(2025, 4, 22)),  # påsk
        (D(2025, 6, 5), 1, D(2025, 6, 9)),  # nationaldagen on a Friday
        (D(2024, 6, 1), 1, D(2024, 6, 3)),  # from a Saturday: the start never counts
        (D(2024, 6, 3), 0, D(2024, 6, 3)),
        (D(2024, 6, 1), 0, D(2024, 6, 1)),
        (D(2024, 12, 27), -1, D(2024, 12, 23)),
        (D(2025, 1, 7), -6, D(2024, 12, 20)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_next_previous_and_roll_forward():
    assert next_working_day(D(2024, 6, 20)) == D(2024, 6, 24)
    assert previous_working_day(D(2024, 6, 24)) == D(2024, 6, 20)
    assert roll_forward(D(2024, 12, 24)) == D(2024, 12, 27)
    assert roll_forward(D(2024, 12, 27)) == D(2024, 12, 27)


def test_count_working_days_over_christmas():
    assert count_working_days(D(2024, 12, 20), D(2025, 1, 7)) == 6
    assert count_working_days(D(2025, 1, 7), D(2024, 12, 20)) == -6
    assert count_working_days(D(2024, 6, 3), D(2024, 6, 3)) == 0


def test_working_days_iterator_starts_on_or_after():
    it = working_days(D(2024, 12, 24))
    assert [next(it) for _ in range(3)] == [D(2024, 12, 27), D(2024, 12, 30), D(2025, 1, 2)]


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=600))
def test_count_inverts_add(day, n):
    end = add_working_days(day, n)
    assert count_working_days(day, end) == n
    if n:
        assert is_working_day(end)


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=0, max_value=120))
def test_count_matches_day_by_day(start, span):
    end = start + dt.timedelta(days=span)
    brute = sum(1 for k in range(1, span + 1) if is_working_day(start + dt.timedelta(days=k)))
    assert count_working_days(start, end) == brute


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=1, max_value=300))
def test_add_then_subtract_returns_to_a_working_day(day, n):
    start = roll_forward(day)
    assert add_working_days(add_working_days(start, n), -n) == start
