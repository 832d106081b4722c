"""People-management sources: exams, 360° ratings, bonus/deduction events and the
indicator values that come from systems the warehouse does not ingest."""

from __future__ import annotations

import csv

import numpy as np

from dagster_project.contract import ADJUSTMENT_KINDS, SOURCES_BY_NAME
from dagster_project.generate.attendance import Attendance
from dagster_project.generate.roster import CALL_ROLES, Person, Roster
from dagster_project.generate.timeline import HOUR, MINUTE, Period, iso_local
from dagster_project.generate.writer import Table, format_id, small_table
from dagster_project.settings import INDICATOR_CATALOG

EXAM_ROLES = ("agent", "telesales", "team_lead")
PASS_MARK = 60
COMPETENCIES = ("communication", "teamwork", "learning", "discipline", "responsibility")
RATER_ORDER = {"supervisor": 0, "self": 1, "peer": 2}

# Expected events per agent per month, points and CNY amount (negative = deduction).
ADJUSTMENT_RULES = {
    "praise_customer": (0.35, 1, 50),
    "praise_department": (0.06, 2, 100),
    "praise_company": (0.025, 3, 200),
    "praise_media": (0.005, 5, 500),
    "violation": (0.04, -2, -50),
    "work_error": (0.08, -1, -5),
    "service_error": (0.06, -2, -10),
}
ADJUSTMENT_NOTES = {
    "praise_customer": ("客户来电表扬", 'Customer letter: "patient, clear"', "客户表扬,服务耐心"),
    "praise_department": ("部门通报表扬",),
    "praise_company": ("公司通报表扬",),
    "praise_media": ("媒体报道表扬",),
    "violation": ("违反劳动纪律", "Untrue report, verified by lead"),
    "work_error": ("工单录入差错", "Ticket category wrong, fixed"),
    "service_error": ("服务用语不规范",),
}


def _present_days(att: Attendance, person: int, days: range) -> list[int]:
    return [d for d in days if att.present(person, d)]


def _exam_time(rng: np.random.Generator, period: Period, att: Attendance, person: int, day: int):
    at = int(period.day_seconds[day]) + 14 * HOUR + int(rng.integers(0, HOUR))
    return max(at, int(att.clock_in[person, day]) + 30 * MINUTE)


def exam_table(rng: np.random.Generator, period: Period, roster: Roster, att: Attendance) -> Table:
    """One monthly exam per person; ~15% fail and retake a few working days later."""
    rows, months = [], []
    for month, label in enumerate(period.months):
        workdays = period.workdays(month)
        if len(workdays) < 6:
            continue
        exam_day = workdays[len(workdays) // 2 + int(rng.integers(0, 3))]
        last_workday = workdays[-1]
        firsts = []  # [person, day, score]
        for p in roster.by_role(*EXAM_ROLES):
            # Whoever is off on exam day sits it on their next shift in the month.
            days = _present_days(att, p.idx, range(exam_day, last_workday + 1))
            if days:
                firsts.append([p, days[0], int(np.clip(round(rng.normal(75, 14)), 20, 100))])
        if firsts and all(score >= PASS_MARK for _, _, score in firsts):
            # Small teams may all pass by chance; keep one retake a month in the data.
            min(firsts, key=lambda f: (f[2], f[0].idx))[2] = int(rng.integers(45, PASS_MARK))
        attempts = []  # (taken_at, agent id, attempt, score)
        exam_id = f"EX{label}"
        for p, day, score in firsts:
            attempts.append((_exam_time(rng, period, att, p.idx, day), p.agent_id, 1, score))
            if score >= PASS_MARK:
                continue
            retake_from = period.add_workdays(day, int(rng.integers(2, 5)))
            retake_days = _present_days(att, p.idx, range(retake_from, last_workday + 1))
            if retake_days:
                second = int(np.clip(round(rng.normal(74, 9)), 40, 100))
                taken = _exam_time(rng, period, att, p.idx, retake_days[0])
                attempts.append((taken, p.agent_id, 2, second))
        for taken, agent_id, attempt, score in sorted(attempts):
            rows.append([agent_id, exam_id, iso_local(taken), str(attempt), str(score)])
            months.append(month)
    return small_table(SOURCES_BY_NAME["exams"], rows, months)


def _raters(rng: np.random.Generator, roster: Roster, p: Person, day: int) -> list[tuple[str, str]]:
    raters: list[tuple[str, str]] = []
    if p.role in CALL_ROLES:
        raters.append(("supervisor", roster.lead_of(p, day).agent_id))
        peers = roster.teammates(p, day)
    else:  # team leads: their manager is not on the roster, so no supervisor rating
        peers = [q for q in roster.by_role("team_lead") if q.idx != p.idx and q.employed(day)]
    raters.append(("self", p.agent_id))
    picked = rng.permutation(len(peers))[: int(rng.integers(1, 4))]
    raters += [("peer", peers[i].agent_id) for i in sorted(picked.tolist())]
    gap = rng.random()  # occasionally a rater type did not hand in
    if gap < 0.04:
        raters = [r for r in raters if r[0] != "self"]
    elif gap < 0.08:
        raters = [r for r in raters if r[0] != "peer"]
    return raters


def rating_table(rng: np.random.Generator, period: Period, roster: Roster) -> Table:
    """360° ratings at month end for everyone still on the roster then."""
    means = {"supervisor": 84, "self": 90, "peer": 86}
    rows, months = [], []
    for month, label in enumerate(period.months):
        last = period.month_days(month).stop - 1
        for p in roster.by_role(*EXAM_ROLES):
            if not p.employed(last):
                continue
            raters = sorted(_raters(rng, roster, p, last), key=lambda r: (RATER_ORDER[r[0]], r[1]))
            for rater_type, rater_id in raters:
                for competency in COMPETENCIES:
                    score = int(np.clip(round(rng.normal(means[rater_type], 6)), 40, 100))
                    rows.append([p.agent_id, label, rater_type, rater_id, competency, str(score)])
                    months.append(month)
    return small_table(SOURCES_BY_NAME["ratings"], rows, months)


def adjustment_table(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance
) -> Table:
    """Praise and deduction events on days the agent worked, approved by the team lead."""
    events = []  # (occurred_at, person, kind)
    staff = roster.by_role(*CALL_ROLES)
    for month in range(len(period.months)):
        days = period.month_days(month)
        for p in staff:
            worked = _present_days(att, p.idx, days)
            if not worked:
                continue
            for kind in ADJUSTMENT_KINDS:
                for _ in range(int(rng.poisson(ADJUSTMENT_RULES[kind][0]))):
                    day = worked[int(rng.integers(len(worked)))]
                    events.append((att.random_time_at_work(rng, p.idx, day), p.idx, kind))
    # Rare kinds may not occur in a small run; one of each keeps every rule exercised.
    for kind in ADJUSTMENT_KINDS:
        if any(e[2] == kind for e in events):
            continue
        for _ in range(20):
            p = staff[int(rng.integers(len(staff)))]
            worked = _present_days(att, p.idx, range(period.n_days))
            if worked:
                day = worked[int(rng.integers(len(worked)))]
                events.append((att.random_time_at_work(rng, p.idx, day), p.idx, kind))
                break
    events.sort()
    rows, months = [], []
    for number, (at, person, kind) in enumerate(events, start=1):
        p = roster.people[person]
        _, points, amount = ADJUSTMENT_RULES[kind]
        notes = ADJUSTMENT_NOTES[kind]
        day = int(period.day_of(at))
        rows.append(
            [
                format_id("adjustments", number),
                p.agent_id,
                iso_local(at),
                kind,
                str(points),
                f"{amount:.2f}" if rng.random() < 0.75 else "",
                roster.lead_of(p, day).agent_id,
                notes[int(rng.integers(len(notes)))],
            ]
        )
        months.append(int(period.month_of(np.int64(at))))
    return small_table(SOURCES_BY_NAME["adjustments"], rows, months)


# Values other systems report, by code: (mean, standard deviation, low, high, decimals).
# Codes not listed get a distribution from their catalog unit and direction.
EXTERNAL_VALUE_SHAPES: dict[str, tuple[float, float, float, float, int]] = {
    "callback_completion_rate": (0.93, 0.04, 0.6, 1.0, 4),
    "ticket_entry_accuracy": (0.97, 0.02, 0.8, 1.0, 4),
    "plan_completion_rate": (0.95, 0.05, 0.7, 1.0, 4),
    "cost_budget_rate": (0.92, 0.05, 0.7, 1.0, 4),
    "third_party_test_call_score": (8.8, 0.5, 6, 10, 1),
    "group_test_call_score": (9.1, 0.4, 6, 10, 1),
    "test_calls_done": (215, 25, 120, 320, 0),
    "churn_rate": (0.012, 0.006, 0.0, 0.05, 4),
    "retention_rate": (0.84, 0.04, 0.6, 1.0, 4),
    "bundling_rate": (0.43, 0.05, 0.2, 0.7, 4),
    "avg_speed_of_answer_seconds": (9, 4, 1, 40, 1),
    "survey_avg_rating": (4.3, 0.3, 1, 5, 2),
}
_SHAPES_BY_UNIT: dict[tuple[str, str], tuple[float, float, float, float, int]] = {
    ("rate", "higher"): (0.9, 0.06, 0.0, 1.0, 4),
    ("rate", "lower"): (0.05, 0.03, 0.0, 1.0, 4),
    ("score", "higher"): (86, 6, 0, 100, 1),
    ("count", "higher"): (3, 2, 0, 20, 0),
    ("count", "lower"): (0.6, 0.9, 0, 10, 0),
    ("points", "higher"): (1, 1.2, 0, 10, 0),
    ("minutes", "lower"): (2, 3, 0, 60, 0),
    ("seconds", "lower"): (10, 4, 0, 60, 1),
}
_ENTITY_ROLES = {"agent": CALL_ROLES, "evaluator": ("qa_inspector",)}


def external_indicators() -> list[dict[str, str]]:
    """Catalog rows of the indicators only indicator_inputs delivers, in catalog order."""
    with INDICATOR_CATALOG.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [row for row in rows if row["model"] == "int_indicators__external_inputs"]


def indicator_input_table(rng: np.random.Generator, period: Period, roster: Roster) -> Table:
    """Every external indicator of the catalog, for every entity of its grain and month.

    Reading the catalog means a newly catalogued external indicator gets synthetic values
    without a change here (its shape from its unit, or EXTERNAL_VALUE_SHAPES).
    """
    indicators = external_indicators()
    rows, months = [], []
    for month, label in enumerate(period.months):
        days = period.month_days(month)
        active = [p for p in roster.people if any(p.employed(d) for d in days)]
        for indicator in indicators:
            code, grain = indicator["code"], indicator["grain"]
            mean, sd, low, high, digits = EXTERNAL_VALUE_SHAPES.get(
                code,
                _SHAPES_BY_UNIT.get(
                    (indicator["unit"], indicator["direction"]), (1, 0.5, 0, 10, 2)
                ),
            )
            if grain == "team":
                entities = list(roster.teams)
            else:
                roles = _ENTITY_ROLES.get(grain, CALL_ROLES)
                entities = [p.agent_id for p in active if p.role in roles]
            for entity in entities:
                value = float(np.clip(rng.normal(mean, sd), low, high))
                text = f"{value:.{digits}f}" if digits else str(round(value))
                rows.append([entity, label, code, text, f"{indicator['name_zh']}台账 {label}"])
        months += [month] * (len(rows) - len(months))
    return small_table(SOURCES_BY_NAME["indicator_inputs"], rows, months)
