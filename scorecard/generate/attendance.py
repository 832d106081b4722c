"""Shifts and clock times (attendance/), the base every activity source builds on.

Calls, states, evaluations and the rest only happen on days an agent is `present`, inside
the clock-in/clock-out window, so attendance and activity agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorecard.contract import SOURCES_BY_NAME
from scorecard.generate.roster import CALL_ROLES, Roster
from scorecard.generate.timeline import DAY, HOUR, MINUTE, Period, iso_local
from scorecard.generate.writer import Table, small_table

NONE, PRESENT, ABSENT, LEAVE, REST = -1, 0, 1, 2, 3
STATUS_NAMES = {PRESENT: "present", ABSENT: "absent", LEAVE: "leave", REST: "rest"}
SHIFT_START = {"day": 9 * HOUR, "evening": 13 * HOUR}
SHIFT_LENGTH = 9 * HOUR
# Month-end duty (值班): an evening shift running past midnight into the next month, so
# the loader's split of an interval at the month boundary has something to split.
DUTY_START = 15 * HOUR + 30 * MINUTE
DUTY_LENGTH = 9 * HOUR


@dataclass
class Attendance:
    status: np.ndarray  # int8 [person, day], NONE when not on the roster
    shift_start: np.ndarray  # int64 local seconds, 0 when unscheduled
    shift_end: np.ndarray
    clock_in: np.ndarray  # 0 unless present
    clock_out: np.ndarray
    duty: np.ndarray  # bool [person, day]: the month-end duty shift

    def present(self, person: int, day: int) -> bool:
        return 0 <= day < self.status.shape[1] and self.status[person, day] == PRESENT

    def random_time_at_work(self, rng: np.random.Generator, person: int, day: int) -> int:
        """A moment between clock-in and clock-out, on the work date itself (a duty shift
        runs past midnight; its events still belong to the work date)."""
        start = int(self.clock_in[person, day])
        end = min(int(self.clock_out[person, day]), start - start % DAY + DAY - 1)
        return start + int(rng.integers(0, max(end - start, 1)))


def build_attendance(rng: np.random.Generator, period: Period, roster: Roster) -> Attendance:
    n, n_days = len(roster.people), period.n_days
    employed = roster.employed_matrix(n_days)
    weekend = period.weekday >= 5

    draw = rng.random((n, n_days))
    status = np.where(draw < 0.02, ABSENT, np.where(draw < 0.05, LEAVE, PRESENT))
    status = np.where(weekend[None, :], REST, status)
    for p in roster.people:  # a new hire shows up on the first day
        if 0 <= p.hire_day < n_days and not weekend[p.hire_day]:
            status[p.idx, p.hire_day] = PRESENT
    status = np.where(employed, status, NONE).astype(np.int8)

    offset = np.array([SHIFT_START[p.shift] for p in roster.people], dtype=np.int64)
    scheduled = (status == PRESENT) | (status == ABSENT) | (status == LEAVE)
    start = np.where(scheduled, period.day_seconds[None, :] + offset[:, None], 0)
    end = np.where(scheduled, start + SHIFT_LENGTH, 0)
    duty = np.zeros((n, n_days), dtype=bool)

    # One duty agent per month end, even on a weekend; must still be employed next day.
    for month in range(len(period.months)):
        last = period.month_days(month).stop - 1
        candidates = [
            p
            for p in roster.people
            if p.role == "agent" and p.employed(last) and p.employed(last + 1) and p.hire_day < last
        ]
        if not candidates:
            continue
        p = candidates[int(rng.integers(len(candidates)))]
        status[p.idx, last] = PRESENT
        start[p.idx, last] = period.day_seconds[last] + DUTY_START
        end[p.idx, last] = start[p.idx, last] + DUTY_LENGTH
        duty[p.idx, last] = True

    present = status == PRESENT
    # Most clock in a few minutes early. Lateness is a habit of a few: most people are
    # late on ~2.5% of their shifts, one in seven on ~9% (~3.5% of shifts overall).
    habitual = rng.random(n) < 0.15
    p_late = np.where(habitual, 0.09, 0.025)
    late = rng.random((n, n_days)) < p_late[:, None]
    early_in = rng.integers(60, 15 * MINUTE, size=(n, n_days))
    late_by = rng.integers(MINUTE + 1, 30 * MINUTE, size=(n, n_days))
    clock_in = np.where(late, start + late_by, start - early_in)
    # ~3% leave 5-60 minutes early; the rest leave on time or a little after.
    early_leave = rng.random((n, n_days)) < 0.03
    leave_early_by = rng.integers(5 * MINUTE, HOUR, size=(n, n_days))
    stay_after = rng.integers(0, 20 * MINUTE, size=(n, n_days))
    clock_out = np.where(early_leave, end - leave_early_by, end + stay_after)
    # The duty agent stays past the end of the shift; never leaves early.
    clock_out = np.where(duty, end + stay_after, clock_out)
    clock_in = np.where(present, clock_in, 0)
    clock_out = np.where(present, clock_out, 0)
    return Attendance(
        status=status,
        shift_start=start,
        shift_end=end,
        clock_in=clock_in,
        clock_out=clock_out,
        duty=duty,
    )


def attendance_table(period: Period, roster: Roster, att: Attendance) -> Table:
    """One row per person and calendar day on the roster, by work date then agent."""
    rows, months = [], []
    for day in range(period.n_days):
        work_date = period.date_of(day)
        for p in roster.people:
            status = int(att.status[p.idx, day])
            if status == NONE:
                continue

            def ts(values: np.ndarray, idx: int = p.idx, d: int = day) -> str:
                return iso_local(values[idx, d]) if values[idx, d] else ""

            rows.append(
                [
                    p.agent_id,
                    work_date,
                    ts(att.shift_start),
                    ts(att.shift_end),
                    ts(att.clock_in),
                    ts(att.clock_out),
                    STATUS_NAMES[status],
                ]
            )
            months.append(int(period.day_month[day]))
    return small_table(SOURCES_BY_NAME["attendance"], rows, months)


def present_call_shifts(roster: Roster, att: Attendance) -> list[tuple[int, int]]:
    """(person, day) of every present shift of a role that takes or makes calls."""
    return [
        (p.idx, int(day))
        for p in roster.people
        if p.role in CALL_ROLES
        for day in np.nonzero(att.status[p.idx] == PRESENT)[0]
    ]
