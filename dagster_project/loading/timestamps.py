"""The date and time forms the loader accepts, in one place (SPEC §3), and the as-of limit.

Every text form of a timestamp, date or month is listed here and turned into SQL here, so
that a new form (a Chinese date, an Excel serial) is one more entry in this module. A text
that matches none of the forms is unparsable: DuckDB's own cast is never given free text,
because it guesses (`CST` is read as US Central time, `2026-01-05 10:00` as a date drops
the time, `24:00:00` becomes the next day, a seventh fractional digit is rounded away).

Accepted timestamp forms (the README lists the same):

- ISO 8601: `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` or with a space for `T`, optionally followed by
  a UTC offset `Z`, `+HH`, `+HHMM`, `+HH:MM` (or `-`), or by ` UTC`. With an offset the
  instant is absolute; without one it is wall-clock time in the center's time zone.
- `YYYY/M/D H:MM[:SS]` (month, day and hour with or without a leading zero), center time.

No other zone word is accepted: `CST` means UTC+8 in China and UTC-6 in the US, so it, and
every other abbreviation or zone name, is unparsable rather than guessed.

Dates are `YYYY-MM-DD`; months are `YYYY-MM`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dagster_project import contract

# Hours 00-23, minutes and seconds 00-59: `24:00` and leap seconds are not silently moved.
_HOUR = "([01][0-9]|2[0-3])"
_MINUTE = "[0-5][0-9]"
_OFFSET = "(Z| UTC|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)"
ISO_TIMESTAMP = (
    f"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ]{_HOUR}:{_MINUTE}(:{_MINUTE}(\\.[0-9]{{1,6}})?)?"
    f"{_OFFSET}?"
)
SLASH_TIMESTAMP = f"[0-9]{{4}}/[0-9]{{1,2}}/[0-9]{{1,2}} ([01]?[0-9]|2[0-3]):{_MINUTE}(:{_MINUTE})?"
SLASH_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
ISO_MONTH = "[0-9]{4}-[0-9]{2}"

EXPECTED_TIMESTAMP = "a timestamp YYYY-MM-DD HH:MM[:SS] (optional offset Z/+08:00) or YYYY/M/D H:MM"
EXPECTED_DATE = "a date YYYY-MM-DD"
EXPECTED_MONTH = "a month YYYY-MM"

# How far past the run's as-of day a row may be dated before it counts as a future date:
# one calendar day absorbs clock skew between systems and the hours between midnight and a
# nightly run that takes the previous day as its as-of day. A row dated two days ahead is
# not a clock problem but a wrong date (a typo'd year, a scheduled shift exported as worked).
FUTURE_TOLERANCE_DAYS = 1


def _quoted(pattern: str) -> str:
    return "'" + pattern.replace("'", "''") + "'"


def timestamp_sql(text: str) -> str:
    """SQL of the UTC timestamp a text column holds, NULL when no accepted form matches.

    The session TimeZone must be the center's (the loader sets it): DuckDB then reads
    a text without an offset, and a naive value cast to timestamptz, as center time.
    """
    slash_formats = ", ".join(_quoted(f) for f in SLASH_FORMATS)
    return (
        f"case when regexp_full_match({text}, {_quoted(ISO_TIMESTAMP)}) "
        f"then timezone('UTC', try_cast({text} as timestamptz)) "
        f"when regexp_full_match({text}, {_quoted(SLASH_TIMESTAMP)}) "
        f"then timezone('UTC', cast(try_strptime({text}, [{slash_formats}]) as timestamptz)) end"
    )


def date_sql(text: str) -> str:
    """A date; DuckDB's cast alone would read `2026-01-05 10:00` as a date, dropping the time."""
    return (
        f"case when regexp_full_match({text}, {_quoted(ISO_DATE)}) "
        f"then try_cast({text} as date) end"
    )


def month_sql(text: str) -> str:
    """A month as the date of its first day."""
    return (
        f"case when regexp_full_match({text}, {_quoted(ISO_MONTH)}) "
        f"then try_cast({text} || '-01' as date) end"
    )


@dataclass(frozen=True)
class AsOfLimit:
    """The latest date a row may carry in a run that takes `as_of` as today.

    A row is dated in the future when its center-local day is after the as-of day plus
    FUTURE_TOLERANCE_DAYS; for a month, when the month begins after that day.
    """

    as_of: date
    timezone: str

    @property
    def last_day(self) -> date:
        return self.as_of + timedelta(days=FUTURE_TOLERANCE_DAYS)

    @property
    def first_future_instant_utc(self) -> datetime:
        """Midnight after the last allowed day, center time, as naive UTC (raw tables' form)."""
        midnight = datetime.combine(
            self.last_day + timedelta(days=1), time(), ZoneInfo(self.timezone)
        )
        return midnight.astimezone(UTC).replace(tzinfo=None)

    def is_future_sql(self, parsed: str, kind: str) -> str:
        """SQL condition: the parsed value (UTC timestamp, date or month) is in the future."""
        if kind == contract.TIMESTAMP:
            return f"{parsed} >= timestamp '{self.first_future_instant_utc.isoformat(sep=' ')}'"
        return f"{parsed} > date '{self.last_day.isoformat()}'"

    def describe(self) -> str:
        return f"after the run's as-of day {self.as_of} (+{FUTURE_TOLERANCE_DAYS} day of tolerance)"
