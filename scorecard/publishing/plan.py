"""Which months a run publishes, and how (SPEC §4, §9). Pure: dates and the log in, a plan out.

A month is open through its close day (default the 5th of the next month, 考核实施时间为下月
的1~5日) and closed from the day after. Open months are published as provisional; the
first publication after the close day is final; a final month is held (late data does not
change it) until an explicit restatement republishes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

PROVISIONAL = "provisional"
FINAL = "final"
MAX_CLOSE_DAY = 28  # every month has this day


class PlanError(ValueError):
    """A request the log does not allow (restating an open or never-published month)."""


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def add_months(key: str, months: int) -> str:
    start = month_start(key)
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def close_date(key: str, close_day: int) -> date:
    """The last day on which the month is still open: `close_day` of the next month."""
    if not 1 <= close_day <= MAX_CLOSE_DAY:
        raise ValueError(f"close day must be 1..{MAX_CLOSE_DAY}, got {close_day}")
    return month_start(add_months(key, 1)) + timedelta(days=close_day - 1)


def is_closed(key: str, as_of: date, close_day: int) -> bool:
    return as_of > close_date(key, close_day)


@dataclass(frozen=True)
class PublishedMonth:
    """The latest publication of a month, from the publication log."""

    publication_id: int
    status: str
    last_load_id: int


@dataclass(frozen=True)
class PublicationPlan:
    provisional: tuple[str, ...] = ()
    final: tuple[str, ...] = ()
    # Final months in the requested range that this run leaves as published.
    held: tuple[str, ...] = ()
    # Months after the as-of date's month (a state interval running past midnight into
    # them, a clock set wrong): not published before they begin.
    future: tuple[str, ...] = ()
    restated: str | None = None
    reason: str | None = None
    statuses: Mapping[str, str] = field(default_factory=dict)
    # Months whose candidates equal their latest publication, with the same status: not
    # published again (a night with nothing new adds no publication).
    unchanged: tuple[str, ...] = ()

    @property
    def months(self) -> tuple[str, ...]:
        """Every month this run writes, in order."""
        return tuple(sorted(self.statuses))

    def without(self, unchanged: Iterable[str]) -> PublicationPlan:
        """The plan less the months that would publish nothing new."""
        skipped = set(unchanged)
        statuses = {m: s for m, s in self.statuses.items() if m not in skipped}
        return replace(
            self,
            provisional=tuple(m for m in self.provisional if m not in skipped),
            final=tuple(m for m in self.final if m not in skipped),
            statuses=statuses,
            unchanged=tuple(sorted(skipped | set(self.unchanged))),
        )


def latest_by_month(log: Iterable[Mapping]) -> dict[str, PublishedMonth]:
    """For each month, its latest publication (log rows: publication_id, statuses, last_load_id)."""
    latest: dict[str, PublishedMonth] = {}
    for entry in sorted(log, key=lambda e: e["publication_id"]):
        for month, status in entry["statuses"].items():
            latest[month] = PublishedMonth(entry["publication_id"], status, entry["last_load_id"])
    return latest


def plan_publication(
    candidate_months: Iterable[str],
    requested_months: Iterable[str] | None,
    published: Mapping[str, PublishedMonth],
    as_of: date,
    close_day: int,
    restate_month: str | None = None,
    reason: str | None = None,
) -> PublicationPlan:
    """The months to publish among the candidates in the requested range (None = all).

    A restatement publishes only its month, which must have a final publication.
    """
    if restate_month is not None:
        current = published.get(restate_month)
        if current is None or current.status != FINAL:
            state = "open" if not is_closed(restate_month, as_of, close_day) else "not published"
            raise PlanError(
                f"{restate_month} has no final publication to restate ({state}); "
                "open months are republished by every build"
            )
        if not reason or not reason.strip():
            raise PlanError("a restatement needs a reason")
        return PublicationPlan(
            final=(restate_month,),
            restated=restate_month,
            reason=reason.strip(),
            statuses={restate_month: FINAL},
        )
    requested = None if requested_months is None else set(requested_months)
    statuses: dict[str, str] = {}
    held: list[str] = []
    future: list[str] = []
    for month in sorted(set(candidate_months)):
        if requested is not None and month not in requested:
            continue
        current = published.get(month)
        if month > month_key(as_of):
            future.append(month)
            continue
        if current is not None and current.status == FINAL:
            held.append(month)
        else:
            statuses[month] = FINAL if is_closed(month, as_of, close_day) else PROVISIONAL
    return PublicationPlan(
        provisional=tuple(m for m in sorted(statuses) if statuses[m] == PROVISIONAL),
        final=tuple(m for m in sorted(statuses) if statuses[m] == FINAL),
        held=tuple(held),
        future=tuple(future),
        statuses=statuses,
    )


def nightly_months(night: date) -> tuple[str, str]:
    """The partition range a night's run targets: last month through this month.

    Last month is either still open, due for its final publication, or final already (then
    held, a no-op), so a missed night still finalizes it the next night.
    """
    this_month = month_key(night)
    return add_months(this_month, -1), this_month
