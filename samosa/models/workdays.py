"""Swedish working days: weekends, public holidays and the three de facto eves.

Used wherever samosa counts time in *arbetsdagar*: the action plan's earliest
completion dates, reply deadlines, document dates. The calendar is fixed and
national, so it is module-level and needs no configuration.

Non-working days are

* Saturdays and Sundays;
* allmänna helgdagar under lag (1989:253) om allmänna helgdagar, from the
  ``holidays`` library (category ``public``);
* midsommarafton, julafton and nyårsafton (category ``de_facto``). They are not
  allmänna helgdagar, but Swedish law treats them as such where time is counted:
  lag (1930:173) om beräkning av lagstadgad tid, 2 §, moves a deadline falling on
  them to the next weekday, semesterlagen 3 a § equates them with Sundays, and
  the municipal collective agreement (AB) gives them off. A measure planned by
  a municipality does not progress on julafton, so they do not count.

Half days (the "från kl. 14.00" eves such as valborgsmässoafton) count as
working days.

Conventions, chosen so that they compose: ``add_working_days(d, n)`` is the
n-th working day after ``d`` (``d`` itself never counts), and
``count_working_days(a, b)`` counts the working days in ``(a, b]``, so
``count_working_days(d, add_working_days(d, n)) == n`` for every ``d`` and
``n >= 0``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

import holidays

_ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@lru_cache(maxsize=256)
def _closed_days(year: int) -> dict[dt.date, str]:
    """Weekday-independent non-working days of ``year`` with their Swedish names."""
    calendar = holidays.Sweden(years=year, include_sundays=False, categories=("public", "de_facto"), language="sv")
    return {day: str(name) for day, name in calendar.items()}


def holiday_name(day: dt.date) -> str | None:
    """The Swedish name of the holiday or de facto eve on ``day``, else ``None``."""
    return _closed_days(day.year).get(day)


def non_working_reason(day: dt.date) -> str | None:
    """Why ``day`` is not a working day (``"lördag"``, ``"Julafton"``, …), or ``None``."""
    name = holiday_name(day)
    if name is not None:
        return name
    if day.weekday() >= 5:
        return WEEKDAY_NAMES[day.weekday()]
    return None


def is_working_day(day: dt.date) -> bool:
    """True for a weekday that is neither an allmän helgdag nor a de facto eve."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day += _ONE_DAY
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The last working day strictly before ``day``."""
    day -= _ONE_DAY
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def roll_forward(day: dt.date) -> dt.date:
    """``day`` if it is a working day, else the next one.

    This is how a deadline that falls on a non-working day moves under
    lag (1930:173) om beräkning av lagstadgad tid.
    """
    return day if is_working_day(day) else next_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

    ``day`` itself is never counted, whether it is a working day or not;
    ``n == 0`` returns ``day`` unchanged.
    """
    step = next_working_day if n >= 0 else previous_working_day
    for _ in range(abs(n)):
        day = step(day)
    return day


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days in the half-open interval ``(start, end]``; negative if ``end < start``."""
    if end < start:
        return -count_working_days(end, start)
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    day = start + dt.timedelta(days=weeks * 7)
    for _ in range(rest):
        day += _ONE_DAY
        if day.weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _closed_days(year) if start < h <= end and h.weekday() < 5)
    return count


def working_days(start: dt.date) -> Iterator[dt.date]:
    """Every working day on or after ``start``, in order (an endless iterator)."""
    day = roll_forward(start)
    while True:
        yield day
        day = next_working_day(day)


__all__ = [
    "add_working_days",
    "count_working_days",
    "holiday_name",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
    "previous_working_day",
    "roll_forward",
    "working_days",
]
