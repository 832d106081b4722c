"""Calendar, clock and random streams shared by the generator modules.

Times are carried as int64 *local* seconds since 1970-01-01 00:00 (naive, Asia/Shanghai
wall clock). Shanghai has had no daylight saving since 1991, so UTC is always local − 8 h
and the conversion is a subtraction, which keeps the large sources vectorised.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

DAY = 86_400
HOUR = 3_600
MINUTE = 60
UTC_OFFSET = 8 * HOUR  # Asia/Shanghai
OFFSET_SUFFIX = "+08:00"
_EPOCH = datetime(1970, 1, 1)


def rng_for(seed: int, stream: str) -> np.random.Generator:
    """An independent, reproducible random stream per concern.

    Each module draws from its own stream, so adding draws in one source does not shift
    every other source. crc32 is used (not `hash()`) because str hashing is salted per
    process and would break byte-identical output.
    """
    high, low = divmod(seed % 2**64, 2**32)
    return np.random.default_rng([zlib.crc32(stream.encode()), high, low])


def iso_local(seconds: int) -> str:
    """`YYYY-MM-DDTHH:MM:SS` in local time, no offset (the contract's local form)."""
    return (_EPOCH + timedelta(seconds=int(seconds))).isoformat()


def iso_date(day: np.datetime64 | date) -> str:
    return str(np.datetime64(day, "D"))


def format_local(seconds: np.ndarray) -> np.ndarray:
    """Vectorised `iso_local`."""
    return np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")


def format_utc(seconds: np.ndarray) -> np.ndarray:
    """Local seconds as UTC with a `Z` suffix (how a telephony platform exports)."""
    return np.datetime_as_string(
        (seconds - UTC_OFFSET).astype("datetime64[s]"), unit="s", timezone="UTC"
    )


@dataclass(frozen=True)
class Period:
    """The calendar months being generated, as day and month arrays."""

    months: tuple[str, ...]  # "YYYY-MM"
    days: np.ndarray = field(repr=False)  # datetime64[D], every calendar day in range
    day_seconds: np.ndarray = field(repr=False)  # local midnight of each day
    day_month: np.ndarray = field(repr=False)  # month index of each day
    weekday: np.ndarray = field(repr=False)  # 0 = Monday
    month_starts: np.ndarray = field(repr=False)  # local seconds, len(months) + 1

    @classmethod
    def build(cls, start: str, months: int) -> Period:
        first = np.datetime64(start, "M")
        month_array = first + np.arange(months + 1)
        days = np.arange(month_array[0].astype("datetime64[D]"), month_array[-1])
        day_seconds = days.astype("datetime64[s]").astype(np.int64)
        month_starts = month_array.astype("datetime64[D]").astype("datetime64[s]")
        month_starts = month_starts.astype(np.int64)
        day_month = np.searchsorted(month_starts, day_seconds, side="right") - 1
        # 1970-01-01 was a Thursday (weekday 3).
        weekday = (days.astype(np.int64) + 3) % 7
        return cls(
            months=tuple(str(m) for m in month_array[:-1]),
            days=days,
            day_seconds=day_seconds,
            day_month=day_month,
            weekday=weekday,
            month_starts=month_starts,
        )

    @property
    def n_days(self) -> int:
        return len(self.days)

    @property
    def start_seconds(self) -> int:
        return int(self.month_starts[0])

    @property
    def end_seconds(self) -> int:
        """Exclusive end of the range (local midnight after the last day)."""
        return int(self.month_starts[-1])

    def month_of(self, seconds: np.ndarray) -> np.ndarray:
        """Month index of local timestamps (-1 before the range, len(months) after)."""
        return np.searchsorted(self.month_starts, seconds, side="right") - 1

    def day_of(self, seconds: np.ndarray | int) -> np.ndarray | int:
        """Day index of local timestamps (may fall outside 0..n_days-1)."""
        return (np.asarray(seconds) - self.start_seconds) // DAY

    def is_workday(self, day: int) -> bool:
        return 0 <= day < self.n_days and self.weekday[day] < 5

    def workdays(self, month: int) -> list[int]:
        return [d for d in range(self.n_days) if self.day_month[d] == month and self.is_workday(d)]

    def month_days(self, month: int) -> range:
        idx = np.nonzero(self.day_month == month)[0]
        return range(int(idx[0]), int(idx[-1]) + 1)

    def add_workdays(self, day: int, count: int) -> int:
        """The `count`-th working day after `day` (0 = `day` itself if it is one).

        May return an index past the range (counted on the same weekly calendar); callers
        drop what falls outside or use it as a date after the period.
        """
        if count == 0 and self.is_workday(day):
            return day
        current = day
        remaining = max(count, 1)
        while remaining:
            current += 1
            if (int(self.weekday[0]) + current) % 7 < 5:
                remaining -= 1
        return current

    def date_of(self, day: int) -> str:
        return iso_date(self.days[day])
