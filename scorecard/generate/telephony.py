"""Calls and agent states (calls/, agent_states/), vectorised with numpy.

Each present shift of an agent or telesales is cut into work sessions by breaks. In a
session the agent runs a renewal process: wait while available (shorter at the 10:00 and
15:00 peaks, longer at lunch), take a call (ring, talk, hold, after-call work), repeat
until the session ends. Because every call comes out of that timeline, an agent never
handles two calls at once and the state intervals add up to the calls they made. The
process runs for all sessions at once, one step per loop iteration, so a million calls
cost a few hundred numpy operations rather than a million Python iterations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorecard.contract import SOURCES_BY_NAME
from scorecard.generate.attendance import Attendance, present_call_shifts
from scorecard.generate.roster import Roster
from scorecard.generate.timeline import DAY, HOUR, MINUTE, Period
from scorecard.generate.writer import Codes, Ids, Ints, Stamps, Table

# Column codes: indexes into the contract's enum tuples.
INBOUND, OUTBOUND = 0, 1
ANSWERED, MISSED, ABANDONED, TRANSFERRED = 0, 1, 2, 3
AVAILABLE, ON_CONTACT, AFTER_CALL_WORK, NOT_READY = 0, 1, 2, 3
QUEUES = ("general", "billing", "vip", "outbound")
QUEUE_WEIGHTS = (0.6, 0.25, 0.15)
REASONS = ("", "break", "meal", "meeting", "training", "missed_call")
NO_REASON, BREAK, MEAL, MEETING, TRAINING, MISSED_CALL = range(len(REASONS))

# Agent legs: ~4.5% missed, ~2.6% transferred, the rest answered. Abandoned calls are
# added on top at ABANDON_SHARE of all inbound, which puts `answered` near 88%.
P_MISSED = 0.045
P_TRANSFERRED = 0.026
ABANDON_SHARE = 0.05
# A high-volume service line (the telecom card's 130 s = 115 s talk + 15 s ACW): each
# agent has a typical handle time (talk + hold + ACW) and after-call work of their own,
# most of them inside the card's limits, a few near them.
AHT_MEAN, AHT_SD, AHT_RANGE = 117.0, 6.0, (98.0, 129.0)
ACW_MEAN, ACW_SD, ACW_RANGE = 11.0, 1.5, (7.0, 14.5)
TALK_SIGMA = 0.6  # lognormal spread of one call's talk time around the agent's typical
P_HOLD, HOLD_RANGE = 0.06, (15, 61)
PEAK_OCCUPANCY = 0.96  # target share of available time on calls at the busiest minute
BASE_OCCUPANCY = 0.86  # ... and at the quietest (centers staff roughly to demand)
OCCUPANCY_SD = 0.02  # agents differ a little in pace (utilization ~72-84 %)
MEAL_MINUTES = 30
P_NO_CUSTOMER = 0.08
P_REPEAT = 0.16  # share of identified inbound calls that repeat a caller of the last 7 days
P_CONNECTED = (0.40, 0.05, 0.28, 0.52)  # outbound, per telesales: their lists and skill
P_OFFSET_FORM = 0.03  # rows written with an explicit +08:00
# Compact column types for the arrays kept until the files are written: a year of a
# 1,000-agent center is ~50 M calls and ~140 M state intervals, which in int64 do not fit
# a 24 GiB machine. Times stay int64 (seconds); the values, and so the files, are the same.
PERSON = np.int16  # index into the roster, -1 for a call abandoned in queue
CODE = np.int8  # direction, disposition, queue, state, reason
SECONDS = np.int32  # durations: talk, hold, after-call work


def demand(hour: np.ndarray) -> np.ndarray:
    """Relative inbound arrivals by local hour: peaks near 10:00 and 15:00, lunch dip."""
    peaks = 1.0 * np.exp(-0.5 * ((hour - 10.0) / 0.75) ** 2) + 0.85 * np.exp(
        -0.5 * ((hour - 15.0) / 1.1) ** 2
    )
    lunch = 0.35 * np.exp(-0.5 * ((hour - 12.5) / 0.5) ** 2)
    return np.maximum(0.25 + peaks - lunch, 0.1)


def load_by_minute(roster: Roster) -> np.ndarray:
    """Per-agent load in [0, 1] for each minute of the day (1 = the busiest minute).

    Agents on the phones at a minute share that minute's demand, so per-agent load is
    demand ÷ staffing (day and evening shifts overlap in the afternoon). Minutes nobody is
    scheduled for (only the month-end duty agent works then) count as lightly staffed.
    """
    hour = np.arange(24 * 60) / 60
    agents = [p for p in roster.people if p.role == "agent"]
    evening = sum(p.shift == "evening" for p in agents) / max(len(agents), 1)
    staffed = (1 - evening) * ((hour >= 9) & (hour < 18)) + evening * ((hour >= 13) & (hour < 22))
    load = demand(hour) / np.maximum(staffed, 0.3)
    return np.minimum(load / load[staffed > 0].max(), 1.0)


@dataclass
class Calls:
    """All call rows, sorted by offered_at (call number = position + 1)."""

    agent: np.ndarray  # person idx, -1 when abandoned in queue
    direction: np.ndarray
    disposition: np.ndarray
    queue: np.ndarray
    customer: np.ndarray  # customer number, 0 = unknown
    offered: np.ndarray
    answered: np.ndarray  # 0 = not answered
    ended: np.ndarray
    talk: np.ndarray
    hold: np.ndarray
    acw: np.ndarray
    offset_form: np.ndarray  # bool: write timestamps with an explicit +08:00

    def __len__(self) -> int:
        return len(self.offered)


@dataclass
class States:
    """State intervals sorted by start then agent."""

    agent: np.ndarray
    state: np.ndarray
    reason: np.ndarray
    start: np.ndarray
    end: np.ndarray


@dataclass
class Profiles:
    """Per person: the pace an agent works at, kept for the whole period."""

    talk_mean: np.ndarray  # mean talk seconds of an answered inbound call
    acw_mean: np.ndarray  # mean after-call work seconds
    handle_mean: np.ndarray  # talk + hold + ACW, seconds
    occupancy: np.ndarray  # factor on the target occupancy
    connect: np.ndarray  # share of outbound dials that connect

    @classmethod
    def draw(cls, rng: np.random.Generator, n: int) -> Profiles:
        aht = np.clip(rng.normal(AHT_MEAN, AHT_SD, n), *AHT_RANGE)
        acw = np.clip(rng.normal(ACW_MEAN, ACW_SD, n), *ACW_RANGE)
        hold = P_HOLD * (HOLD_RANGE[0] + HOLD_RANGE[1] - 1) / 2
        occupancy = np.clip(rng.normal(1.0, OCCUPANCY_SD, n), 0.94, 1.04)
        connect = np.clip(rng.normal(*P_CONNECTED[:2], n), *P_CONNECTED[2:])
        return cls(
            talk_mean=aht - acw - hold,
            acw_mean=acw,
            handle_mean=aht,
            occupancy=occupancy,
            connect=connect,
        )


@dataclass
class _Sessions:
    person: np.ndarray
    start: np.ndarray
    cutoff: np.ndarray  # no call may finish after this (end of the session, or 23:50)
    end: np.ndarray
    outbound: np.ndarray


def _plan_shifts(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance
) -> tuple[_Sessions, list[np.ndarray]]:
    """Work sessions between breaks, and the not_ready intervals of the breaks."""
    shifts = present_call_shifts(roster, att)
    n = len(shifts)
    login_after = rng.integers(10, 3 * MINUTE, size=n)
    logout_before = rng.integers(0, 2 * MINUTE, size=n)
    meeting = rng.random(n) < 0.2
    training = rng.random(n) < 0.05
    jitter = rng.integers(0, 30 * MINUTE, size=(n, 3))
    meal_jitter = rng.integers(0, 75 * MINUTE, size=n)

    s_person, s_start, s_cut, s_end, s_out = [], [], [], [], []
    b_person, b_reason, b_start, b_end = [], [], [], []
    for k, (person, day) in enumerate(shifts):
        p = roster.people[person]
        start = int(att.shift_start[person, day])
        # Phones are logged in from the start of the shift (or arrival, if late) until its
        # end (or an early leave); time clocked outside the shift is not phone time.
        login = max(int(att.clock_in[person, day]), start) + int(login_after[k])
        end = int(att.shift_end[person, day])
        logout = min(int(att.clock_out[person, day]), end) - int(logout_before[k])
        cutoff = logout
        if att.duty[person, day]:
            blocks = [
                (start + 150 * MINUTE + int(meal_jitter[k]), MEAL_MINUTES * MINUTE, MEAL),
                (start + 6 * HOUR + int(jitter[k, 0]), 15 * MINUTE, BREAK),
            ]
            # Calls stop before midnight; the agent stays logged in past it.
            cutoff = min(logout, int(period.day_seconds[day]) + DAY - 10 * MINUTE)
        else:
            # Staggered rota: breaks spread over half an hour, meals over 75 minutes, so
            # the phones stay covered at lunch and between the day and evening shifts.
            first, meal_at = (105, 165) if p.shift == "day" else (90, 210)  # minutes
            blocks = [
                (start + first * MINUTE + int(jitter[k, 0]), 15 * MINUTE, BREAK),
                (start + meal_at * MINUTE + int(meal_jitter[k]), MEAL_MINUTES * MINUTE, MEAL),
                (start + 390 * MINUTE + int(jitter[k, 1]), 15 * MINUTE, BREAK),
            ]
            if meeting[k]:  # morning briefing (晨会)
                blocks.insert(0, (start, 15 * MINUTE, MEETING))
            if training[k]:
                blocks.append((start + 7 * HOUR + 45 * MINUTE, 45 * MINUTE, TRAINING))
        cursor = login
        for b_at, length, reason in blocks:
            lo, hi = max(b_at, cursor), min(b_at + length, logout)
            if hi - lo < MINUTE:
                continue
            if lo > cursor:
                s_person.append(person)
                s_start.append(cursor)
                s_cut.append(min(lo, cutoff))
                s_end.append(lo)
                s_out.append(p.role == "telesales")
            b_person.append(person)
            b_reason.append(reason)
            b_start.append(lo)
            b_end.append(hi)
            cursor = hi
        if logout > cursor:
            s_person.append(person)
            s_start.append(cursor)
            s_cut.append(min(logout, cutoff))
            s_end.append(logout)
            s_out.append(p.role == "telesales")
    sessions = _Sessions(
        person=np.array(s_person, dtype=np.int64),
        start=np.array(s_start, dtype=np.int64),
        cutoff=np.array(s_cut, dtype=np.int64),
        end=np.array(s_end, dtype=np.int64),
        outbound=np.array(s_out, dtype=bool),
    )
    breaks = [
        np.array(b_person, dtype=np.int64),
        np.full(len(b_person), NOT_READY, dtype=np.int64),
        np.array(b_reason, dtype=np.int64),
        np.array(b_start, dtype=np.int64),
        np.array(b_end, dtype=np.int64),
    ]
    return sessions, breaks


def _lognormal(rng: np.random.Generator, median: float, sigma: float, size: int) -> np.ndarray:
    return rng.lognormal(np.log(median), sigma, size=size)


def _run_sessions(
    rng: np.random.Generator,
    sessions: _Sessions,
    outbound: bool,
    loads: np.ndarray,
    profiles: Profiles,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Step every session's call loop in lockstep; returns call records and final times."""
    idx = np.nonzero(sessions.outbound == outbound)[0]
    t = sessions.start.copy()
    records: list[dict[str, np.ndarray]] = []
    active = idx
    while active.size:
        m = active.size
        now = t[active]
        if outbound:
            gap = (5 + rng.exponential(30.0, size=m)).astype(np.int64)
            start = now + gap  # dialled
            connected = rng.random(m) < profiles.connect[sessions.person[active]]
            ring = np.where(connected, rng.integers(5, 26, m), rng.integers(15, 41, m))
            answered = np.where(connected, start + ring, 0)
            talk = np.where(connected, np.clip(_lognormal(rng, 150, 0.7, m), 15, 2400), 0)
            talk = talk.astype(np.int64)
            hold = np.where(connected & (rng.random(m) < 0.1), rng.integers(20, 91, m), 0)
            ended = np.where(connected, answered + talk + hold, start + ring)
            acw = np.where(connected, rng.integers(15, 61, m), rng.integers(3, 16, m))
            after = ended + acw
            disposition = np.where(connected, ANSWERED, MISSED)
            offered = start
        else:
            load = loads[(now % DAY) // MINUTE]
            person = sessions.person[active]
            handle = profiles.handle_mean[person]
            # A renewal process of cycle gap + handling runs at 1 / (gap + handle) calls
            # per second; choose the gap that gives the minute's target occupancy.
            # Gamma(2) gaps: less long-tailed than exponential, so a gap drawn in a quiet
            # minute does not swallow the next peak.
            occupancy = BASE_OCCUPANCY + (PEAK_OCCUPANCY - BASE_OCCUPANCY) * load
            occupancy = np.minimum(occupancy * profiles.occupancy[person], 0.98)
            gap_mean = np.maximum(handle / occupancy - handle, 3.0)
            gap = rng.gamma(2.0, gap_mean / 2).astype(np.int64)
            u = rng.random(m)
            disposition = np.where(
                u < P_MISSED, MISSED, np.where(u < P_MISSED + P_TRANSFERRED, TRANSFERRED, ANSWERED)
            )
            missed = disposition == MISSED
            # Queue wait + ring: median 3-8 s, longer when busy, so ~80% of all inbound
            # (abandoned included) is answered within 15 s.
            median_wait = 3 + 5 * load
            wait = np.clip(rng.lognormal(np.log(median_wait), 0.75), 1, 240).astype(np.int64)
            ring_out = rng.integers(15, 31, m)  # ring-no-answer timeout
            # Talk is lognormal around the agent's typical (median = mean ÷ e^(σ²/2)); a
            # transferred call is passed on after a short talk.
            talk_median = profiles.talk_mean[person] / np.exp(TALK_SIGMA**2 / 2)
            talk = np.where(
                disposition == TRANSFERRED,
                np.clip(_lognormal(rng, 50, 0.6, m), 10, 1800),
                np.clip(rng.lognormal(np.log(talk_median), TALK_SIGMA), 10, 3600),
            ).astype(np.int64)
            hold = np.where(rng.random(m) < P_HOLD, rng.integers(*HOLD_RANGE, m), 0)
            acw_mean = profiles.acw_mean[person]
            acw = np.clip(np.round(rng.normal(acw_mean, 4.0)), 2, 60).astype(np.int64)
            talk = np.where(missed, 0, talk)
            hold = np.where(missed, 0, hold)
            acw = np.where(missed, 0, acw)
            start = now + gap  # answered (or, for a missed leg, offered)
            answered = np.where(missed, 0, start)
            offered = np.where(missed, start, start - wait)
            ended = np.where(missed, start + ring_out, start + talk + hold)
            # After ring-no-answer the platform puts the agent in not_ready for a while.
            after = np.where(missed, ended + rng.integers(10, 61, m), ended + acw)
        ok = after <= sessions.cutoff[active]
        records.append(
            {
                "session": active[ok].astype(np.int32),
                "previous": now[ok],
                "start": start[ok],
                "offered": offered[ok],
                "answered": answered[ok],
                "ended": ended[ok],
                "after": after[ok],
                "talk": talk[ok].astype(SECONDS),
                "hold": hold[ok].astype(SECONDS),
                "acw": acw[ok].astype(SECONDS),
                "disposition": disposition[ok].astype(CODE),
            }
        )
        t[active[ok]] = after[ok]
        active = active[ok]
    keys = ("session", "previous", "start", "offered", "answered", "ended", "after")
    keys += ("talk", "hold", "acw", "disposition")
    if not records:
        return {key: np.zeros(0, dtype=np.int64) for key in keys}, t
    return {key: np.concatenate([r[key] for r in records]) for key in keys}, t


def _assign_customers(
    rng: np.random.Generator, offered: np.ndarray, first_number: int
) -> tuple[np.ndarray, int]:
    """Customer numbers for inbound calls in offered order, with 7-day repeat callers."""
    m = len(offered)
    customer = np.zeros(m, dtype=np.int64)
    known = np.nonzero(rng.random(m) >= P_NO_CUSTOMER)[0]
    times = offered[known]
    k = len(known)
    position = np.arange(k)
    window_start = np.searchsorted(times, times - 7 * DAY, side="left")
    span = position - window_start
    repeat = (rng.random(k) < P_REPEAT) & (span > 0)
    earlier = window_start + (rng.random(k) * span).astype(np.int64)
    parent = np.where(repeat, earlier, position)
    while True:  # follow repeat chains to the first call of each customer
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    number = first_number + np.cumsum(~repeat) - 1
    customer[known] = number[parent]
    return customer, first_number + int((~repeat).sum())


def build_telephony(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance
) -> tuple[Calls, States]:
    profiles = Profiles.draw(rng, len(roster.people))
    sessions, breaks = _plan_shifts(rng, period, roster, att)
    loads = load_by_minute(roster)
    inbound, t_in = _run_sessions(rng, sessions, False, loads, profiles)
    outbound, t_out = _run_sessions(rng, sessions, True, loads, profiles)
    final_t = np.where(sessions.outbound, t_out, t_in)

    # Calls abandoned in queue follow the same intraday curve: their offered times are
    # drawn around those of answered legs of the same day.
    n_in = len(inbound["offered"])
    n_ab = round(n_in * ABANDON_SHARE / (1 - ABANDON_SHARE))
    source = rng.integers(0, max(n_in, 1), n_ab)
    ab_offered = inbound["offered"][source] + rng.normal(0, 300, n_ab).astype(np.int64)
    day_start = inbound["offered"][source] // DAY * DAY
    ab_offered = np.clip(ab_offered, day_start + 8 * HOUR, day_start + DAY - 10 * MINUTE)
    ab_offered = np.clip(ab_offered, period.start_seconds, period.end_seconds - 10 * MINUTE)
    ab_wait = np.clip(_lognormal(rng, 30, 0.8, n_ab), 3, 600).astype(np.int64)

    n_out = len(outbound["offered"])
    zeros_ab = np.zeros(n_ab, dtype=np.int64)
    no_seconds_ab = np.zeros(n_ab, dtype=SECONDS)
    agent = np.concatenate(
        [
            sessions.person[inbound["session"]],
            np.full(n_ab, -1),
            sessions.person[outbound["session"]],
        ]
    ).astype(PERSON)
    direction = np.concatenate([np.full(n_in + n_ab, INBOUND), np.full(n_out, OUTBOUND)]).astype(
        np.int8
    )
    disposition = np.concatenate(
        [inbound["disposition"], np.full(n_ab, ABANDONED), outbound["disposition"]]
    ).astype(np.int8)
    queue = np.concatenate(
        [rng.choice(3, size=n_in + n_ab, p=QUEUE_WEIGHTS), np.full(n_out, 3)]
    ).astype(np.int8)
    offered = np.concatenate([inbound["offered"], ab_offered, outbound["offered"]])
    answered = np.concatenate([inbound["answered"], zeros_ab, outbound["answered"]])
    ended = np.concatenate([inbound["ended"], ab_offered + ab_wait, outbound["ended"]])
    talk = np.concatenate([inbound["talk"], no_seconds_ab, outbound["talk"]])
    hold = np.concatenate([inbound["hold"], no_seconds_ab, outbound["hold"]])
    acw = np.concatenate([inbound["acw"], no_seconds_ab, outbound["acw"]])

    order = np.lexsort((ended, agent, offered))
    agent, direction, disposition, queue = (
        agent[order],
        direction[order],
        disposition[order],
        queue[order],
    )
    offered, answered, ended = offered[order], answered[order], ended[order]
    talk, hold, acw = talk[order], hold[order], acw[order]

    customer = np.zeros(len(offered), dtype=np.int64)
    first_customer = 10_000 + int(rng.integers(0, 5_000))
    is_in = direction == INBOUND
    customer[is_in], next_customer = _assign_customers(rng, offered[is_in], first_customer)
    # Outbound dials leads from a campaign list: new customer numbers.
    is_out = ~is_in
    customer[is_out] = next_customer + np.arange(int(is_out.sum()))
    calls = Calls(
        agent=agent,
        direction=direction,
        disposition=disposition,
        queue=queue,
        customer=customer,
        offered=offered,
        answered=answered,
        ended=ended,
        talk=talk,
        hold=hold,
        acw=acw,
        offset_form=rng.random(len(offered)) < P_OFFSET_FORM,
    )
    states = _build_states(sessions, inbound, outbound, final_t, breaks)
    return calls, states


def _build_states(
    sessions: _Sessions,
    inbound: dict[str, np.ndarray],
    outbound: dict[str, np.ndarray],
    final_t: np.ndarray,
    breaks: list[np.ndarray],
) -> States:
    person, state, reason, start, end = breaks
    parts = [[person.astype(PERSON), state.astype(CODE), reason.astype(CODE), start, end]]

    def add(person: np.ndarray, state: int, reason: int, start: np.ndarray, end: np.ndarray):
        keep = end > start  # zero-length intervals are not exported
        n = int(keep.sum())
        parts.append(
            [
                person[keep].astype(PERSON),
                np.full(n, state, dtype=CODE),
                np.full(n, reason, dtype=CODE),
                start[keep],
                end[keep],
            ]
        )

    for rec in (inbound, outbound):
        person = sessions.person[rec["session"]]
        # An unconnected outbound dial is on_contact while it rings; an inbound leg the
        # agent let ring out is followed by not_ready.
        missed = (rec["disposition"] == MISSED) & (rec is inbound)
        talking = ~missed
        steps = (
            # (rows, state, reason, from, to): available until the call connects (inbound)
            # or is dialled (outbound), then the contact, then after-call work.
            (talking, AVAILABLE, NO_REASON, "previous", "start"),
            (talking, ON_CONTACT, NO_REASON, "start", "ended"),
            (talking, AFTER_CALL_WORK, NO_REASON, "ended", "after"),
            (missed, AVAILABLE, NO_REASON, "previous", "ended"),
            (missed, NOT_READY, MISSED_CALL, "ended", "after"),
        )
        for rows, state, reason, lo, hi in steps:
            add(person[rows], state, reason, rec[lo][rows], rec[hi][rows])
    add(sessions.person, AVAILABLE, NO_REASON, final_t, sessions.end)

    columns = [np.concatenate(cols) for cols in zip(*parts, strict=True)]
    parts.clear()
    agent, _, _, start, _ = columns
    order = np.lexsort((agent, start))
    # Sorted one column at a time, each unsorted column dropped once copied: the peak is
    # the states plus one column and the sort order, not the states twice.
    for k, column in enumerate(columns):
        columns[k] = column[order]
        del column
    del agent, start, order
    agent, state, reason, start, end = columns
    return States(agent=agent, state=state, reason=reason, start=start, end=end)


def calls_table(period: Period, ids: list[str], calls: Calls) -> Table:
    source = SOURCES_BY_NAME["calls"]
    unanswered = calls.answered == 0
    return Table(
        source,
        {
            "call_id": Ids("CL", 9, np.arange(1, len(calls) + 1)),
            "agent_id": Codes(calls.agent, ids),
            "queue": Codes(calls.queue, QUEUES),
            "direction": Codes(calls.direction, source.column("direction").values),
            "customer_id": Ids("C", 8, calls.customer),
            "offered_at": Stamps(calls.offered, offset_form=calls.offset_form),
            "answered_at": Stamps(calls.answered, blank=unanswered, offset_form=calls.offset_form),
            "ended_at": Stamps(calls.ended, offset_form=calls.offset_form),
            "talk_seconds": Ints(calls.talk),
            "hold_seconds": Ints(calls.hold),
            "acw_seconds": Ints(calls.acw),
            "disposition": Codes(calls.disposition, source.column("disposition").values),
        },
        period.month_of(calls.offered),
    )


def states_table(period: Period, ids: list[str], states: States) -> Table:
    source = SOURCES_BY_NAME["agent_states"]
    return Table(
        source,
        {
            "agent_id": Codes(states.agent, ids),
            "state": Codes(states.state, source.column("state").values),
            "reason": Codes(states.reason, REASONS),
            "started_at": Stamps(states.start, utc=True),
            "ended_at": Stamps(states.end, utc=True),
        },
        period.month_of(states.start),
    )
