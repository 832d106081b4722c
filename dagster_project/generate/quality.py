"""QA evaluations, surveys and complaints: what customers and inspectors say about calls.

All three sample real answered inbound calls, so every call_id they carry exists and the
agent on the row is the agent who took the call.
"""

from __future__ import annotations

import numpy as np

from dagster_project.contract import SOURCES_BY_NAME
from dagster_project.generate.attendance import Attendance
from dagster_project.generate.roster import Roster, employed_until
from dagster_project.generate.telephony import ANSWERED, INBOUND, Calls
from dagster_project.generate.timeline import DAY, HOUR, MINUTE, Period, iso_local
from dagster_project.generate.writer import Codes, Ids, Ints, Stamps, Table, format_id, small_table

QA_SAMPLE_SHARE = 0.03
QA_MIN_PER_MONTH = 3
CALIBRATION_SHARE = 0.10
SURVEY_SHARE = 0.34
RATING_WEIGHTS = (0.04, 0.04, 0.08, 0.26, 0.58)  # ratings 1..5: mostly 4-5


def _workday_time(rng: np.random.Generator, period: Period, day: int, lo: float, hi: float) -> int:
    """A random second between `lo` and `hi` hours of `day`."""
    return int(period.day_seconds[day]) + int(rng.integers(int(lo * HOUR), int(hi * HOUR)))


def _inspector_on(rng: np.random.Generator, roster: Roster, att: Attendance, day: int, exclude=-1):
    inspectors = [p for p in roster.by_role("qa_inspector") if p.idx != exclude and p.employed(day)]
    present = [p for p in inspectors if att.present(p.idx, day)]
    pool = present or inspectors
    return pool[int(rng.integers(len(pool)))] if pool else None


def qa_table(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance, calls: Calls
) -> Table:
    """~3% of each agent's answered inbound calls per month (at least 3), 0-5 days later."""
    handled = np.nonzero(
        (calls.direction == INBOUND) & (calls.disposition == ANSWERED) & (calls.agent >= 0)
    )[0]
    n_months = len(period.months)
    group = calls.agent[handled] * n_months + period.month_of(calls.offered[handled])
    order = np.argsort(group, kind="stable")
    handled, group = handled[order], group[order]
    bounds = np.flatnonzero(np.diff(group)) + 1
    evaluations = []  # (evaluated_at, agent, evaluator, call, score, fatal, original pos)
    for members in np.split(handled, bounds):
        if not members.size:
            continue
        quota = min(members.size, max(QA_MIN_PER_MONTH, round(QA_SAMPLE_SHARE * members.size)))
        agent = roster.people[int(calls.agent[members[0]])]
        taken = 0
        for call in rng.permutation(members).tolist():
            if taken == quota:
                break
            ended = int(calls.ended[call])
            call_day = int(period.day_of(ended))
            lag = int(rng.choice(4, p=(0.15, 0.35, 0.3, 0.2)))  # working days
            day = period.add_workdays(call_day, lag)
            if day == call_day:
                at = max(_workday_time(rng, period, day, 9.5, 17.5), ended + 10 * MINUTE)
                if at > period.day_seconds[day] + 18 * HOUR:  # too late today: tomorrow
                    day = period.add_workdays(day, 1)
            if day >= period.n_days or not agent.employed(day):
                continue
            if day != call_day:
                at = _workday_time(rng, period, day, 9.5, 17.5)
            inspector = _inspector_on(rng, roster, att, day)
            if inspector is None:
                continue
            fatal = bool(rng.random() < 0.02)
            score = int(np.clip(round(rng.normal(88, 6)), 50, 100))
            if fatal:
                score = min(score, int(rng.integers(40, 70)))
            evaluations.append([at, agent.idx, inspector.idx, call, score, fatal, -1])
            taken += 1

    # Calibration re-scores: another inspector scores the same call again, within ±8.
    originals = len(evaluations)
    for k in range(originals):
        if rng.random() >= CALIBRATION_SHARE:
            continue
        at, agent_idx, inspector_idx, call, score, fatal, _ = evaluations[k]
        day = period.add_workdays(int(period.day_of(at)), int(rng.integers(1, 4)))
        if day >= period.n_days or not roster.people[agent_idx].employed(day):
            continue
        other = _inspector_on(rng, roster, att, day, exclude=inspector_idx)
        if other is None:
            continue
        new_score = int(np.clip(score + int(rng.integers(-8, 9)), 0, 100))
        when = _workday_time(rng, period, day, 9.5, 17.5)
        evaluations.append([when, agent_idx, other.idx, call, new_score, fatal, k])

    order = sorted(range(len(evaluations)), key=lambda i: (evaluations[i][0], i))
    number = {old: new + 1 for new, old in enumerate(order)}
    rows, months = [], []
    for old in order:
        at, agent_idx, inspector_idx, call, score, fatal, original = evaluations[old]
        rows.append(
            [
                format_id("qa_evaluations", number[old]),
                format_id("calls", call + 1),
                roster.people[agent_idx].agent_id,
                roster.people[inspector_idx].agent_id,
                iso_local(at),
                str(score),
                "true" if fatal else "false",
                format_id("qa_evaluations", number[original]) if original >= 0 else "",
            ]
        )
        months.append(int(period.month_of(np.int64(at))))
    return small_table(SOURCES_BY_NAME["qa_evaluations"], rows, months)


def survey_table(rng: np.random.Generator, period: Period, roster: Roster, calls: Calls) -> Table:
    """Post-call surveys for about a third of answered inbound calls, minutes later."""
    handled = np.nonzero((calls.direction == INBOUND) & (calls.answered > 0))[0]
    chosen = handled[rng.random(handled.size) < SURVEY_SHARE]
    delay = np.clip(rng.lognormal(np.log(120), 1.0, chosen.size), 10, 6 * HOUR)
    responded = calls.ended[chosen] + delay.astype(np.int64)
    rating = rng.choice(5, size=chosen.size, p=RATING_WEIGHTS) + 1
    agent = calls.agent[chosen]
    # A survey answered after the range or after the agent left would be an orphan.
    keep = (responded < period.end_seconds) & (responded < employed_until(roster, period)[agent])
    chosen, responded, rating, agent = chosen[keep], responded[keep], rating[keep], agent[keep]
    order = np.lexsort((chosen, responded))
    chosen, responded, rating, agent = (
        chosen[order],
        responded[order],
        rating[order],
        agent[order],
    )
    columns = {
        "survey_id": Ids("SV", 9, np.arange(1, chosen.size + 1)),
        "call_id": Ids("CL", 9, chosen + 1),
        "agent_id": Codes(agent, roster.ids),
        "responded_at": Stamps(responded),
        "rating": Ints(rating),
    }
    return Table(SOURCES_BY_NAME["surveys"], columns, period.month_of(responded))


def complaint_table(
    rng: np.random.Generator, period: Period, roster: Roster, calls: Calls
) -> Table:
    """A handful of complaints a month about answered calls, handled by team leads."""
    handled = np.nonzero(
        (calls.direction == INBOUND) & (calls.disposition == ANSWERED) & (calls.agent >= 0)
    )[0]
    call_month = period.month_of(calls.offered[handled])
    per_month = max(3, round(len(roster.people) / 25))
    complaints = []  # (received, subject, handler, resolved or 0, valid, escalated, repeat)
    for month in range(len(period.months)):
        pool = handled[call_month == month]
        if not pool.size:
            continue
        made = 0
        for attempt, call in enumerate(rng.permutation(pool).tolist()):
            if made == per_month or attempt > 50 * per_month:
                break
            subject = roster.people[int(calls.agent[call])]
            ended = int(calls.ended[call])
            call_day = int(period.day_of(ended))
            # The first of each month arrives on a Friday evening and is resolved on Monday,
            # the next working day across the weekend.
            weekend_case = made == 0 and attempt < 40
            if weekend_case:
                if (
                    period.weekday[call_day] != 4
                    or ended > period.day_seconds[call_day] + 20 * HOUR
                ):
                    continue
                received = max(ended + 10 * MINUTE, int(period.day_seconds[call_day]) + 18 * HOUR)
                received += int(rng.integers(0, HOUR))
            else:
                day = call_day + int(rng.integers(0, 3))
                received = int(period.day_seconds[0]) + day * DAY
                received += int(rng.integers(8 * HOUR, 21 * HOUR))
                received = max(received, ended + 10 * MINUTE)
            received_day = int(period.day_of(received))
            if received >= period.end_seconds or not subject.employed(received_day):
                continue
            lead = roster.lead_of(subject, received_day)
            handler = lead
            if rng.random() < 0.15:  # sometimes a senior agent of the team handles it
                mates = [p for p in roster.teammates(subject, received_day) if p.role == "agent"]
                if mates:
                    handler = mates[int(rng.integers(len(mates)))]
            resolved = 0
            if weekend_case:
                day = period.add_workdays(received_day, 1)  # next working day: Monday
                if day < period.n_days:
                    resolved = _workday_time(rng, period, day, 9, 11)
            elif rng.random() >= 0.10:  # ~10% are still open
                lag = int(rng.choice(5, p=(0.35, 0.35, 0.15, 0.1, 0.05)))
                day = period.add_workdays(received_day, lag)
                if day < period.n_days:
                    resolved = _workday_time(rng, period, day, 9, 18)
                    if resolved < received + 30 * MINUTE:
                        resolved = received + int(rng.integers(30 * MINUTE, 3 * HOUR))
            if resolved and (
                resolved >= period.end_seconds or not handler.employed(int(period.day_of(resolved)))
            ):
                resolved = 0
            complaints.append(
                (
                    received,
                    subject.agent_id,
                    handler.agent_id,
                    resolved,
                    bool(rng.random() < 0.7),
                    bool(rng.random() < 0.1),
                    bool(rng.random() < 0.1),
                )
            )
            made += 1
    complaints.sort(key=lambda c: (c[0], c[1]))
    rows, months = [], []
    for number, (received, subject, handler, resolved, valid, escalated, repeat) in enumerate(
        complaints, start=1
    ):
        rows.append(
            [
                format_id("complaints", number),
                subject,
                handler,
                iso_local(received),
                iso_local(resolved) if resolved else "",
                str(valid).lower(),
                str(escalated).lower(),
                str(repeat).lower(),
            ]
        )
        months.append(int(period.month_of(np.int64(received))))
    return small_table(SOURCES_BY_NAME["complaints"], rows, months)
