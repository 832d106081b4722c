"""QA evaluations, surveys and complaints: what customers and inspectors say about calls.

All three sample real answered inbound calls, so every call_id they carry exists and the
agent on the row is the agent who took the call.
"""

from __future__ import annotations

import numpy as np

from scorecard.contract import SOURCES_BY_NAME
from scorecard.generate.attendance import Attendance
from scorecard.generate.roster import Roster, employed_until
from scorecard.generate.telephony import ANSWERED, INBOUND, Calls
from scorecard.generate.timeline import DAY, HOUR, MINUTE, Period, iso_local
from scorecard.generate.writer import Codes, Ids, Ints, Stamps, Table, format_id, small_table

# Inspectors work to a daily quota (the inspector card asks for 500 evaluations a month),
# sampling the calls of the last three days, agent by agent so every agent's sample
# grows alike (the Galaxy card samples 20-30 calls per agent and month at least).
QA_PER_DAY = 28
QA_WINDOW = 3 * DAY
QA_SKILL = (88.0, 2.2, 84.0, 94.0)  # per agent: mean score, spread, range
TEAM_QA_SD = 1.0
QA_SCORE_SD = 3.5  # one evaluation around the agent's mean
P_FATAL = 0.0005  # 致命差错: rare (two in a month empty the 10086 card's QA-error row)
CALIBRATION_SHARE = 0.10
CALIBRATION_SD = 1.8  # a re-score usually agrees within 5 points (质检吻合度 ≥ 95 %)
P_DISAGREE = (0.0, 0.035)  # per inspector: share of re-scores off by 6-8 points
# Post-call surveys: each agent's customers answer at their own rate, around the telecom
# card's 35 % minimum; ratings 4-5 for ~90 %, 3 for most of the rest. A rating of 1-2 is
# rare (~0.06 %), as it has to be where five points go per dissatisfied survey.
SURVEY_RATE = (0.40, 0.015, 0.36, 0.45)
CSAT = (0.905, 0.03, 0.80, 0.98)
P_DISSATISFIED = 0.0006
P_FIVE = 0.68  # of ratings 4-5, share of 5
CALLS_PER_COMPLAINT = 15_000  # ~0.7 complaints per 10,000 calls (万次投诉率)
P_ESCALATED, P_REPEAT = 0.04, 0.04  # of complaints (the 10086 card empties a row for one)


def _workday_time(rng: np.random.Generator, period: Period, day: int, lo: float, hi: float) -> int:
    """A random second between `lo` and `hi` hours of `day` (may lie after the period)."""
    midnight = period.start_seconds + day * DAY
    return midnight + int(rng.integers(int(lo * HOUR), int(hi * HOUR)))


def _inspector_on(rng: np.random.Generator, roster: Roster, att: Attendance, day: int, exclude=-1):
    inspectors = [p for p in roster.by_role("qa_inspector") if p.idx != exclude and p.employed(day)]
    present = [p for p in inspectors if att.present(p.idx, day)]
    pool = present or inspectors
    return pool[int(rng.integers(len(pool)))] if pool else None


def qa_table(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance, calls: Calls
) -> Table:
    """Each present inspector evaluates ~QA_PER_DAY calls a working day, of the last days."""
    handled = np.nonzero(
        (calls.direction == INBOUND) & (calls.disposition == ANSWERED) & (calls.agent >= 0)
    )[0]
    n_people = len(roster.people)
    # An agent's level, and a little of their team's (coaching differs between leads).
    team = {t: rng.normal(0, TEAM_QA_SD) for t in roster.teams}
    skill = rng.normal(QA_SKILL[0], QA_SKILL[1], n_people)
    skill += np.array([team.get(p.team_id, 0.0) for p in roster.people])
    skill = np.clip(skill, *QA_SKILL[2:])
    inspectors = roster.by_role("qa_inspector")
    disagree = rng.uniform(*P_DISAGREE, len(inspectors))
    # Calls keyed by (agent, ended), so one searchsorted finds every agent's window.
    shift = np.int64(1) << 40
    keys = calls.agent[handled].astype(np.int64) * shift + calls.ended[handled]
    order = np.argsort(keys, kind="stable")
    handled, keys = handled[order], keys[order]
    agents = np.unique(calls.agent[handled])
    employed = roster.employed_matrix(period.n_days)
    taken: set[int] = set()  # membership only, never iterated
    evaluations = []  # (evaluated_at, agent, evaluator, call, score, fatal, original pos)
    for month in range(len(period.months)):
        count = np.zeros(n_people, dtype=np.int64)  # this month's sample per agent
        for day in period.workdays(month):
            on_roll = agents[employed[agents, day]]
            if not on_roll.size:
                continue
            for inspector in inspectors:
                if not att.present(inspector.idx, day):
                    continue
                quota = int(rng.poisson(QA_PER_DAY))
                times = np.sort(
                    period.day_seconds[day]
                    + rng.integers(int(9.5 * HOUR), int(17.5 * HOUR), size=quota)
                )
                for at in times.tolist():
                    lo = np.searchsorted(keys, on_roll * shift + at - QA_WINDOW)
                    hi = np.searchsorted(keys, on_roll * shift + at - 10 * MINUTE)
                    open_ = np.nonzero(hi > lo)[0]
                    if not open_.size:
                        continue
                    # The agent with the smallest sample so far this month (ties at random).
                    sample = count[on_roll[open_]]
                    pool = open_[sample == sample.min()]
                    k = int(pool[int(rng.integers(pool.size))])
                    call = int(handled[lo[k] + int(rng.integers(hi[k] - lo[k]))])
                    if call in taken:
                        continue
                    taken.add(call)
                    agent = int(on_roll[k])
                    count[agent] += 1
                    fatal = bool(rng.random() < P_FATAL)
                    score = int(np.clip(round(rng.normal(skill[agent], QA_SCORE_SD)), 50, 100))
                    if fatal:
                        score = min(score, int(rng.integers(40, 70)))
                    evaluations.append([at, agent, inspector.idx, call, score, fatal, -1])

    # Calibration re-scores: another inspector scores the same call again, mostly within 5
    # points; each inspector has their own share of re-scores that disagree (6-8 points).
    which = {p.idx: k for k, p in enumerate(inspectors)}
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
        if rng.random() < disagree[which[inspector_idx]]:
            change = int(rng.integers(6, 9)) * (1 if rng.random() < 0.5 else -1)
        else:
            change = int(np.clip(round(rng.normal(0, CALIBRATION_SD)), -5, 5))
        new_score = int(np.clip(score + change, 0, 100))
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
    """Post-call surveys for ~40 % of answered inbound calls, minutes later."""
    n_people = len(roster.people)
    response = np.clip(rng.normal(SURVEY_RATE[0], SURVEY_RATE[1], n_people), *SURVEY_RATE[2:])
    satisfied = np.clip(rng.normal(CSAT[0], CSAT[1], n_people), *CSAT[2:])
    handled = np.nonzero((calls.direction == INBOUND) & (calls.answered > 0))[0]
    chosen = handled[rng.random(handled.size) < response[calls.agent[handled]]]
    delay = np.clip(rng.lognormal(np.log(120), 1.0, chosen.size), 10, 6 * HOUR)
    responded = calls.ended[chosen] + delay.astype(np.int64)
    agent = calls.agent[chosen]
    # 4-5 with the agent's CSAT, 1-2 rarely, 3 otherwise.
    u, v = rng.random(chosen.size), rng.random(chosen.size)
    rating = np.where(
        u < satisfied[agent],
        np.where(v < P_FIVE, 5, 4),
        np.where(u < satisfied[agent] + P_DISSATISFIED, np.where(v < 0.4, 1, 2), 3),
    )
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
    """About one complaint per 15,000 answered calls, handled by team leads (mostly)."""
    handled = np.nonzero(
        (calls.direction == INBOUND) & (calls.disposition == ANSWERED) & (calls.agent >= 0)
    )[0]
    call_month = period.month_of(calls.offered[handled])
    complaints = []  # (received, subject, handler, resolved or 0, valid, escalated, repeat)
    for month in range(len(period.months)):
        pool = handled[call_month == month]
        if not pool.size:
            continue
        # About one complaint per CALLS_PER_COMPLAINT answered calls, and at least two a
        # month so small runs have some; those extra ones go to different agents.
        natural = round(pool.size / CALLS_PER_COMPLAINT)
        per_month = max(2, natural)
        made = 0
        subjects: set[int] = set()  # membership only
        for attempt, call in enumerate(rng.permutation(pool).tolist()):
            if made == per_month or attempt > 50 * per_month:
                break
            subject = roster.people[int(calls.agent[call])]
            if made >= natural and subject.idx in subjects and attempt < 40 * per_month:
                continue
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
                resolved = _workday_time(rng, period, day, 9, 11)
            elif rng.random() >= 0.03:  # ~3% are still open
                # Most are closed by the next working day (the cards aim at 95 %).
                lag = int(rng.choice(5, p=(0.5, 0.42, 0.05, 0.02, 0.01)))
                day = period.add_workdays(received_day, lag)
                resolved = _workday_time(rng, period, day, 9, 18)
                if resolved < received + 30 * MINUTE:
                    resolved = received + int(rng.integers(30 * MINUTE, 3 * HOUR))
            # A complaint of the last days is closed after them, in the export that lists it
            # (its month is the month received); one whose handler has left stays open.
            if resolved and not handler.employed(int(period.day_of(resolved))):
                resolved = 0
            complaints.append(
                (
                    received,
                    subject.agent_id,
                    handler.agent_id,
                    resolved,
                    bool(rng.random() < 0.7),
                    bool(rng.random() < P_ESCALATED),
                    bool(rng.random() < P_REPEAT),
                )
            )
            subjects.add(subject.idx)
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
