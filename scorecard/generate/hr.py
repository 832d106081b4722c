"""People-management sources: exams, 360° ratings, bonus/deduction events and the
indicator values that come from systems the warehouse does not ingest."""

from __future__ import annotations

import csv

import numpy as np

from scorecard.contract import ADJUSTMENT_KINDS, SOURCES_BY_NAME
from scorecard.generate.attendance import Attendance
from scorecard.generate.roster import CALL_ROLES, Person, Roster
from scorecard.generate.timeline import HOUR, MINUTE, Period, iso_local
from scorecard.generate.writer import Table, format_id, small_table
from scorecard.settings import INDICATOR_CATALOG

EXAM_ROLES = ("agent", "telesales", "team_lead")
PASS_MARK = 60
EXAM_MEAN, EXAM_ABILITY_SD, EXAM_SD = 81.0, 4.5, 6.0  # first attempts: ~0.5 % below 60
TEAM_EXAM_SD = 2.5  # teams differ a little (training by their lead)
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
    """One monthly exam per person; the few who fail retake a few working days later."""
    rows, months = [], []
    team = {t: rng.normal(0, TEAM_EXAM_SD) for t in roster.teams}
    ability = rng.normal(EXAM_MEAN, EXAM_ABILITY_SD, len(roster.people))
    ability += np.array([team.get(p.team_id, 0.0) for p in roster.people])
    ability = np.clip(ability, 65, 95)
    retaken = False
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
                score = round(rng.normal(ability[p.idx], EXAM_SD))
                firsts.append([p, days[0], int(np.clip(score, 20, 100))])
        retaken = retaken or any(score < PASS_MARK for _, _, score in firsts)
        if firsts and not retaken and month == len(period.months) - 1:
            # Few fail, so keep one retake in the data (补考 is not counted): the weakest
            # team lead's, whose own cards read the team's exam average, so this one
            # forced fail moves no agent's score.
            leads = [f for f in firsts if f[0].role == "team_lead"] or firsts
            min(leads, key=lambda f: (f[2], f[0].idx))[2] = int(rng.integers(45, PASS_MARK))
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
    standing = rng.normal(0, 3, len(roster.people))  # how colleagues see a person, lasting
    rows, months = [], []
    for month, label in enumerate(period.months):
        last = period.month_days(month).stop - 1
        for p in roster.by_role(*EXAM_ROLES):
            if not p.employed(last):
                continue
            raters = sorted(_raters(rng, roster, p, last), key=lambda r: (RATER_ORDER[r[0]], r[1]))
            for rater_type, rater_id in raters:
                for competency in COMPETENCIES:
                    mean = means[rater_type] + standing[p.idx]
                    score = int(np.clip(round(rng.normal(mean, 5)), 40, 100))
                    rows.append([p.agent_id, label, rater_type, rater_id, competency, str(score)])
                    months.append(month)
    return small_table(SOURCES_BY_NAME["ratings"], rows, months)


def adjustment_table(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance
) -> Table:
    """Praise and deduction events on days the person worked, approved by the team lead
    (a team lead's own by their manager, who is not on the roster: approved_by empty)."""
    events = []  # (occurred_at, person, kind)
    staff = roster.by_role(*CALL_ROLES)
    for month in range(len(period.months)):
        days = period.month_days(month)
        for p in roster.by_role(*CALL_ROLES, "team_lead"):
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
                "" if p.role == "team_lead" else roster.lead_of(p, day).agent_id,
                notes[int(rng.integers(len(notes)))],
            ]
        )
        months.append(int(period.month_of(np.int64(at))))
    return small_table(SOURCES_BY_NAME["adjustments"], rows, months)


# Values other systems report, by code: (mean, standard deviation, low, high, decimals),
# centred where the schemes aim (docs/schemes.md), so most entities meet a target and a
# few fall short. Part of the spread is the entity's own level, kept from month to month.
# Codes not listed get a distribution from their catalog unit and direction.
EXTERNAL_VALUE_SHAPES: dict[str, tuple[float, float, float, float, int]] = {
    "callback_completion_rate": (0.94, 0.04, 0.7, 1.0, 4),
    "ticket_entry_accuracy": (0.984, 0.007, 0.93, 1.0, 4),  # Galaxy: -2 per 1 % below 98 %
    "complaint_ticket_pass_rate": (0.95, 0.03, 0.8, 1.0, 4),
    "complaint_satisfaction_rate": (0.90, 0.05, 0.6, 1.0, 4),
    "task_completion_rate": (0.96, 0.03, 0.8, 1.0, 4),
    "cross_sell_penetration_rate": (0.31, 0.05, 0.1, 0.6, 4),  # telecom: 30 元 off below 25 %
    "callback_authenticity_rate": (0.975, 0.015, 0.9, 1.0, 4),
    "info_transfer_timely_rate": (0.95, 0.03, 0.8, 1.0, 4),
    "plan_completion_rate": (0.96, 0.04, 0.75, 1.15, 4),
    "cost_budget_rate": (0.97, 0.04, 0.8, 1.2, 4),  # ≤ 100 % = within budget
    "research_plan_completion_rate": (0.93, 0.05, 0.6, 1.0, 4),
    "process_improvement_rate": (0.86, 0.06, 0.5, 1.0, 4),
    "repair_resolution_rate": (0.93, 0.03, 0.7, 1.0, 4),
    "collaboration_satisfaction_score": (89, 4, 60, 100, 1),
    "department_duty_score": (93, 3.5, 60, 100, 1),
    "customer_department_rating": (91, 4, 60, 100, 1),
    "key_indicator_score": (93, 3.5, 60, 100, 1),
    # QA inspector card: ≥ 8.5, ≥ 9 and ≥ 200 test calls (确保值: missing one costs it all).
    "third_party_test_call_score": (9.1, 0.25, 7, 10, 1),
    "group_test_call_score": (9.45, 0.2, 7, 10, 1),
    "test_calls_done": (240, 15, 150, 320, 0),
}
# Rare events and small counts, as Poisson means per entity and month.
EVENT_MEANS = {
    "morning_meeting_absences": 0.35,
    "duty_shift_misses": 0.01,
    "untrue_report_count": 0.05,
    "adopted_suggestions": 0.3,
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
# Agent-grain inputs kept by systems that only cover some roles.
_CODE_ROLES = {
    # The TMK / phone-manager CRM and BSS figures: sales staff only.
    "work_order_completion_rate": ("telesales",),
    "visit_completion_rate": ("telesales",),
    "work_order_shortfall": ("telesales",),
    "visit_shortfall": ("telesales",),
    "retention_rate": ("telesales",),
    "churn_rate": ("telesales",),
    "bundling_rate": ("telesales",),
    # Training and task logs cover inspectors as well.
    "training_attendance_rate": (*CALL_ROLES, "qa_inspector"),
    "task_completion_rate": (*CALL_ROLES, "qa_inspector"),
    "adopted_suggestions": (*CALL_ROLES, "qa_inspector"),
}
LEVEL_SHARE = 0.8  # share of a value's spread that is the entity's lasting level
WORK_ORDER_TARGET, VISIT_TARGET = 120, 40  # a TMK specialist's monthly targets
COMPLETION = (0.98, 0.06, 0.04)  # work-order / visit completion: level, its spread, month
# Bundling follows the phone-manager card's targets (40 % to February, 45 % from March):
# a little above them on average, a person's own level ± 2.5 points.
BUNDLING = (0.015, 0.02, 0.01)  # above the month's target, level spread, month noise
CHURN = (0.009, 0.002, 0.002)  # monthly churn of linked customers: level, spread, month
P_EXTRA_ROLE = 0.25  # agents with an extra role (Galaxy bonus), 1-3 points a month


def external_indicators() -> list[dict[str, str]]:
    """Catalog rows of the indicators only indicator_inputs delivers, in catalog order."""
    with INDICATOR_CATALOG.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [row for row in rows if row["model"] == "int_indicators__external_inputs"]


class _Inputs:
    """Values of one run, drawn in the table's row order (so deterministic per seed)."""

    def __init__(self, rng: np.random.Generator, period: Period) -> None:
        self.rng = rng
        self.period = period
        self.levels: dict[tuple[str, str], float] = {}
        self.months: dict[tuple[str, str], dict[int, float]] = {}

    def level(self, key: tuple[str, str], draw) -> float:
        if key not in self.levels:
            self.levels[key] = float(draw())
        return self.levels[key]

    def shaped(self, code: str, entity: str, shape) -> float:
        mean, sd, low, high, _ = shape
        level = self.level((code, entity), lambda: self.rng.normal(mean, sd * LEVEL_SHARE))
        spread = sd * np.sqrt(1 - LEVEL_SHARE**2)
        return float(np.clip(self.rng.normal(level, spread), low, high))

    def completion(self, kind: str, entity: str, month: int) -> float:
        """Work orders or visits done ÷ the monthly target (may pass 100 %)."""
        by_month = self.months.setdefault((kind, entity), {})
        if month not in by_month:
            mean, sd, noise = COMPLETION
            level = self.level((kind, entity), lambda: self.rng.normal(mean, sd))
            by_month[month] = float(np.clip(self.rng.normal(level, noise), 0.45, 1.35))
        return by_month[month]

    def retention(self, entity: str, month: int) -> tuple[float, float]:
        """(retention since the start of the year, this month's churn) of linked customers.

        Retention is the product of (1 - churn) over the months of the year so far, so it
        declines by about the churn each month: mostly within the allowed 1 % / 1.5 %.
        """
        by_month = self.months.setdefault(("retention", entity), {})
        if not by_month:
            mean, sd, noise = CHURN
            level = float(np.clip(self.rng.normal(mean, sd), 0.003, 0.016))
            first = int(self.period.months[0][5:])
            kept = 1.0
            for k in range(first - 1 + len(self.period.months)):
                if k % 12 == 0:
                    kept = 1.0  # counted from the start of each year
                churn = float(np.clip(self.rng.normal(level, noise), 0.001, 0.03))
                kept *= 1 - churn
                if k >= first - 1:
                    by_month[k - first + 1] = kept
                    by_month[-(k - first + 2)] = churn  # churn stored under -(month + 1)
        return by_month[month], by_month[-(month + 1)]

    def value(self, indicator: dict[str, str], entity: str, month: int) -> float:
        code = indicator["code"]
        if code in EVENT_MEANS:
            return float(self.rng.poisson(EVENT_MEANS[code]))
        if code == "training_attendance_rate":
            sessions = int(self.rng.integers(10, 13))  # trainings and study sessions
            return (sessions - int(self.rng.binomial(sessions, 0.008))) / sessions
        if code == "extra_role_points":
            has_role = self.level((code, entity), lambda: self.rng.random() < P_EXTRA_ROLE)
            return float(self.rng.integers(1, 4)) if has_role else 0.0
        if code in ("work_order_completion_rate", "visit_completion_rate"):
            return self.completion(code.split("_completion")[0], entity, month)
        if code in ("work_order_shortfall", "visit_shortfall"):
            kind = code.removesuffix("_shortfall")
            target = WORK_ORDER_TARGET if kind == "work_order" else VISIT_TARGET
            done = round(self.completion(kind, entity, month) * target)
            return float(max(0, int(np.ceil(0.6 * target)) - done))
        if code == "bundling_rate":
            above, sd, noise = BUNDLING
            level = self.level((code, entity), lambda: self.rng.normal(above, sd))
            target = 0.40 if int(self.period.months[month][5:]) <= 2 else 0.45
            return float(np.clip(self.rng.normal(target + level, noise), 0.3, 0.7))
        if code == "retention_rate":
            return self.retention(entity, month)[0]
        if code == "churn_rate":
            return self.retention(entity, month)[1]
        shape = EXTERNAL_VALUE_SHAPES.get(
            code,
            _SHAPES_BY_UNIT.get((indicator["unit"], indicator["direction"]), (1, 0.5, 0, 10, 2)),
        )
        return self.shaped(code, entity, shape)


def _digits(indicator: dict[str, str]) -> int:
    shape = EXTERNAL_VALUE_SHAPES.get(indicator["code"])
    if shape is not None:
        return shape[4]
    if indicator["code"] in EVENT_MEANS or indicator["unit"] == "count":
        return 0
    if indicator["unit"] == "rate":
        return 4
    fallback = _SHAPES_BY_UNIT.get((indicator["unit"], indicator["direction"]), (1, 0.5, 0, 10, 2))
    return fallback[4]


def indicator_input_table(rng: np.random.Generator, period: Period, roster: Roster) -> Table:
    """Every external indicator of the catalog, for every entity of its grain and month.

    Reading the catalog means a newly catalogued external indicator gets synthetic values
    without a change here (its shape from its unit, or EXTERNAL_VALUE_SHAPES).
    """
    indicators = external_indicators()
    inputs = _Inputs(rng, period)
    rows, months = [], []
    for month, label in enumerate(period.months):
        days = period.month_days(month)
        active = [p for p in roster.people if any(p.employed(d) for d in days)]
        for indicator in indicators:
            code, grain = indicator["code"], indicator["grain"]
            digits = _digits(indicator)
            if grain == "team":
                entities = list(roster.teams)
            else:
                roles = _CODE_ROLES.get(code) or _ENTITY_ROLES.get(grain, CALL_ROLES)
                entities = [p.agent_id for p in active if p.role in roles]
            for entity in entities:
                value = inputs.value(indicator, entity, month)
                text = f"{value:.{digits}f}" if digits else str(round(value))
                rows.append([entity, label, code, text, f"{indicator['name_zh']}台账 {label}"])
        months += [month] * (len(rows) - len(months))
    return small_table(SOURCES_BY_NAME["indicator_inputs"], rows, months)
