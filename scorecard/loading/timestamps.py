"""The date and time forms the loader accepts, in one place (SPEC §3), and the as-of limit.

Every text form of a timestamp, date or month is listed here and turned into SQL here, and
so is every Excel cell that holds one (a date cell or a date serial number), so that a new
form is one more entry in this module. A text that matches none of the forms is
unparsable: DuckDB's own cast is never given free text, because it guesses (`CST` is read
as US Central time, `2026-01-05 10:00` as a date drops the time, `24:00:00` becomes the
next day, a seventh fractional digit is rounded away).

Accepted timestamp forms (the README lists the same):

- ISO 8601: `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` or with a space for `T`, optionally followed by
  a UTC offset `Z`, `+HH`, `+HHMM`, `+HH:MM` (or `-`), or by ` UTC`. With an offset the
  instant is absolute; without one it is wall-clock time in the center's time zone.
- The forms Excel and Chinese systems write, all center time, the year always first (so no
  day-month ambiguity), the hour with or without a leading zero:
  `YYYY-MM-DD H:MM[:SS]`, `YYYY/M/D H:MM[:SS]`, `YYYY.M.D H:MM[:SS]` and
  `YYYY年M月D日 H:MM[:SS]` (the space after 日 optional).

No other zone word is accepted: `CST` means UTC+8 in China and UTC-6 in the US, so it, and
every other abbreviation or zone name, is unparsable rather than guessed.

Dates: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`. Months: `YYYY-MM`, `YYYY/M`,
`YYYY.M`, `YYYY年M月`. A date that does not exist (`2026/2/30`) is unparsable in every form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from openpyxl.utils.datetime import from_excel

from scorecard import contract
from scorecard.sql_text import sql_literal

# Hours 00-23, minutes and seconds 00-59: `24:00` and leap seconds are not silently moved.
_HOUR = "([01][0-9]|2[0-3])"
_SHORT_HOUR = "([01]?[0-9]|2[0-3])"  # 8:00 as Excel writes it
_MINUTE = "[0-5][0-9]"
_OFFSET = "(Z| UTC|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)"
ISO_TIMESTAMP = (
    f"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ]{_HOUR}:{_MINUTE}(:{_MINUTE}(\\.[0-9]{{1,6}})?)?"
    f"{_OFFSET}?"
)
_M = "[0-9]{1,2}"  # a month or day with or without its leading zero


@dataclass(frozen=True)
class TextForm:
    """One accepted way of writing a date (or a month): its exact pattern and how to read it.

    `pattern` is matched against the whole text first, so the strptime formats, which are
    lenient about digits, never see anything else.
    """

    name: str  # as the README and the quarantine message list it
    pattern: str  # RE2, matched against the whole text
    strptime: str  # DuckDB strptime format of the same text


# Dates written year first: the forms of a date column, and the date part of a timestamp.
DATE_FORMS = (
    TextForm("YYYY-MM-DD", "[0-9]{4}-[0-9]{2}-[0-9]{2}", "%Y-%m-%d"),
    TextForm("YYYY/M/D", f"[0-9]{{4}}/{_M}/{_M}", "%Y/%m/%d"),
    TextForm("YYYY.M.D", f"[0-9]{{4}}\\.{_M}\\.{_M}", "%Y.%m.%d"),
    TextForm("YYYY年M月D日", f"[0-9]{{4}}年{_M}月{_M}日", "%Y年%m月%d日"),
)
MONTH_FORMS = (
    TextForm("YYYY-MM", "[0-9]{4}-[0-9]{2}", "%Y-%m"),
    TextForm("YYYY/M", f"[0-9]{{4}}/{_M}", "%Y/%m"),
    TextForm("YYYY.M", f"[0-9]{{4}}\\.{_M}", "%Y.%m"),
    TextForm("YYYY年M月", f"[0-9]{{4}}年{_M}月", "%Y年%m月"),
)


def _local_timestamp_forms() -> tuple[TextForm, ...]:
    """A date form, a space (optional after 日), then H:MM or H:MM:SS, center time."""
    forms = []
    for day in DATE_FORMS:
        spaces = ("", " ") if day.name.endswith("日") else (" ",)
        for space in spaces:
            for clock, clock_pattern, clock_format in (
                ("H:MM", f"{_SHORT_HOUR}:{_MINUTE}", "%H:%M"),
                ("H:MM:SS", f"{_SHORT_HOUR}:{_MINUTE}:{_MINUTE}", "%H:%M:%S"),
            ):
                forms.append(
                    TextForm(
                        f"{day.name}{space}{clock}",
                        f"{day.pattern}{space}{clock_pattern}",
                        f"{day.strptime}{space}{clock_format}",
                    )
                )
    return tuple(forms)


LOCAL_TIMESTAMP_FORMS = _local_timestamp_forms()

EXPECTED_TIMESTAMP = (
    "a timestamp: YYYY-MM-DD HH:MM[:SS] with an optional offset (Z, +08:00), or center time "
    "as YYYY-MM-DD H:MM[:SS], YYYY/M/D H:MM[:SS], YYYY.M.D H:MM[:SS] or YYYY年M月D日 H:MM[:SS]"
)


def _listed(kind: str, forms: tuple[TextForm, ...]) -> str:
    return f"{kind}: " + ", ".join(f.name for f in forms[:-1]) + f" or {forms[-1].name}"


EXPECTED_DATE = _listed("a date", DATE_FORMS)
EXPECTED_MONTH = _listed("a month", MONTH_FORMS)

# How far past the run's as-of day a row may be dated before it counts as a future date:
# one calendar day absorbs clock skew between systems and the hours between midnight and a
# nightly run that takes the previous day as its as-of day. A row dated two days ahead is
# not a clock problem but a wrong date (a typo'd year, a scheduled shift exported as worked).
FUTURE_TOLERANCE_DAYS = 1


def _any_of(forms: tuple[TextForm, ...]) -> tuple[str, str]:
    """One pattern matching any of the forms, and the list of their strptime formats.

    Each format has its own separators, so of the list exactly the text's own form reads it.
    """
    pattern = "|".join(f"({form.pattern})" for form in forms)
    formats = ", ".join(sql_literal(form.strptime) for form in forms)
    return sql_literal(pattern), f"[{formats}]"


def timestamp_sql(text: str) -> str:
    """SQL of the UTC timestamp a text column holds, NULL when no accepted form matches.

    The session TimeZone must be the center's (the loader sets it): DuckDB then reads
    a text without an offset, and a naive value cast to timestamptz, as center time.
    """
    local_pattern, local_formats = _any_of(LOCAL_TIMESTAMP_FORMS)
    return (
        f"case when regexp_full_match({text}, {sql_literal(ISO_TIMESTAMP)}) "
        f"then timezone('UTC', try_cast({text} as timestamptz)) "
        f"when regexp_full_match({text}, {local_pattern}) "
        f"then timezone('UTC', cast(try_strptime({text}, {local_formats}) as timestamptz)) end"
    )


def date_sql(text: str) -> str:
    """A date; DuckDB's cast alone would read `2026-01-05 10:00` as a date, dropping the time."""
    iso, others = DATE_FORMS[0], DATE_FORMS[1:]
    other_pattern, other_formats = _any_of(others)
    return (
        f"case when regexp_full_match({text}, {sql_literal(iso.pattern)}) "
        f"then try_cast({text} as date) "
        f"when regexp_full_match({text}, {other_pattern}) "
        f"then cast(try_strptime({text}, {other_formats}) as date) end"
    )


def month_sql(text: str) -> str:
    """A month as the date of its first day."""
    pattern, formats = _any_of(MONTH_FORMS)
    return (
        f"case when regexp_full_match({text}, {pattern}) "
        f"then cast(try_strptime({text}, {formats}) as date) end"
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


# --- workbook cells -------------------------------------------------------------------
# A workbook cell in a date, timestamp or month column holds a date cell (a datetime), a
# date serial number (days since the workbook's epoch, a fraction for the time of day), or
# text. The first two become the text of the form they mean, which the SQL above then reads
# like any CSV text; text is left as it is. So the three read alike, and a cell that
# means something else (a time in a date column, a date where a time is expected) stays
# unparsable instead of being bent to fit.


def _format_shows_time(number_format: str | None) -> bool:
    """Whether a cell's number format displays a time of day (h, or s for seconds)."""
    if not number_format:
        return False
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    return "h" in shown or "s" in shown


def workbook_date_text(
    value: object, kind: str, number_format: str | None, epoch: datetime
) -> object:
    """The text of a workbook cell in a timestamp, date or month column (else the value).

    A date cell or serial at midnight in a timestamp column is a time only when the cell's
    format shows one (`yyyy/m/d h:mm`); a plain date there stays a date, which is no time.
    Excel counts a time of day in fractions of a day; a serial is read to the millisecond,
    the resolution Excel itself keeps.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        try:
            moment = from_excel(value, epoch)
        except (ValueError, OverflowError, TypeError):
            return value
        if not isinstance(moment, datetime):
            return value
    elif isinstance(value, datetime):
        moment = value.replace(tzinfo=None)
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        return value
    midnight = moment.time() == time()
    if kind == contract.TIMESTAMP:
        if midnight and not _format_shows_time(number_format):
            return moment.date().isoformat()
        return moment.isoformat(sep=" ")
    if kind == contract.MONTH and midnight and moment.day == 1:
        return moment.strftime("%Y-%m")
    return moment.date().isoformat() if midnight else moment.isoformat(sep=" ")
