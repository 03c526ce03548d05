"""Danish working days: weekdays that are not public holidays (helligdage)."""

import datetime
from functools import lru_cache


def easter_sunday(year: int) -> datetime.date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    relative = [-3, -2, 0, 1, 39, 49, 50]  # skærtorsdag .. 2. pinsedag
    if year < 2024:
        relative.append(26)  # store bededag, abolished from 2024
    days = {easter + datetime.timedelta(days=offset) for offset in relative}
    days |= {
        datetime.date(year, 1, 1),
        datetime.date(year, 6, 5),  # grundlovsdag: municipal offices are closed
        datetime.date(year, 12, 24),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
        datetime.date(year, 12, 31),
    }
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
