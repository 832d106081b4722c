"""Schemes 1-7 of SPEC §7 scored by hand.

Every scheme gets its own month (2024-01 … 2024-07) and its own agents and teams, so the
centre averages and ranks of one scheme never see another scheme's agents (an agent of
role `agent` is scored by every agent scheme of its month; only the scheme under test is
asserted). The expected points, totals, grades, ranks and bonuses below are worked out
from the shipped seeds and SPEC §6, with the arithmetic in the comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.scoring_harness import (
    ScoringInput,
    assert_scheme,
    pay_items,
    published,
    rule_points,
    rule_values,
    score,
)

GALAXY = date(2024, 1, 1)
CMCC = date(2024, 2, 1)
KPI_CPI = date(2024, 3, 1)
QA_INSPECTOR = date(2024, 4, 1)
TELECOM = date(2024, 5, 1)
ECOMMERCE = date(2024, 6, 1)
CS_STAFF = date(2024, 7, 1)


def _agent(
    data: ScoringInput,
    agent_id: str,
    team_id: str,
    month: date,
    values: dict[str, float | tuple[float, float]],
    *,
    role: str = "agent",
    attendance_days: float = 20,
    grain_of: dict[str, str] | None = None,
) -> None:
    """One agent-month; a (value, denominator) tuple gives the rule a sample size."""
    data.agent(agent_id, team_id, role, month)
    data.value(agent_id, month, "attendance_days", attendance_days)
    for code, item in values.items():
        grain = (grain_of or {}).get(code, "agent")
        if isinstance(item, tuple):
            value, denominator = item
            data.value(
                agent_id,
                month,
                code,
                value,
                grain=grain,
                numerator=value * denominator,
                denominator=denominator,
            )
        else:
            data.value(agent_id, month, code, item, grain=grain)


def build_input() -> ScoringInput:
    data = ScoringInput()

    # 1. galaxy_securities (2024-01): calls_handled of the six eligible agents average
    # (250 + 95 + 90 + 85 + 60 + 20) / 6 = 600 / 6 = 100; G7 (3 days) is not eligible and
    # its 1000 calls stay out of the average.
    m = GALAXY
    _agent(
        data,
        "G1",
        "TG1",
        m,
        {
            "calls_handled": 250,
            "qa_pass_rate": (1.0, 25),
            "valid_complaints": 0,
            "exam_score": 100,
            "extra_role_points": 2,
        },
    )
    _agent(
        data,
        "G2",
        "TG1",
        m,
        {
            "calls_handled": 95,
            "qa_pass_rate": (0.92, 25),
            "valid_complaints": 1,
            "ticket_entry_accuracy": 0.955,
            "training_attendance_rate": 0.85,
            "morning_meeting_absences": 2,
            "duty_shift_misses": 0,
            "exam_score": 80,
        },
    )
    _agent(
        data,
        "G3",
        "TG1",
        m,
        {"calls_handled": 90, "qa_pass_rate": (0.5, 2), "valid_complaints": 0},
    )
    _agent(
        data,
        "G4",
        "TG2",
        m,
        {"calls_handled": 85, "qa_pass_rate": (1.0, 20), "valid_complaints": 0, "exam_score": 0},
    )
    _agent(
        data,
        "G5",
        "TG2",
        m,
        {
            "calls_handled": 60,
            "qa_pass_rate": (0.96, 25),
            "valid_complaints": 0,
            "exam_score": 100,
            "extra_role_points": 8,
        },
    )
    _agent(
        data,
        "G6",
        "TG2",
        m,
        {
            "calls_handled": 20,
            "qa_pass_rate": (1.0, 30),
            "valid_complaints": 1,
            "exam_score": 100,
        },
    )
    _agent(
        data,
        "G7",
        "TG2",
        m,
        {"calls_handled": 1000, "qa_pass_rate": (1.0, 25), "valid_complaints": 0},
        attendance_days=3,
    )

    # 2. cmcc_10086_kpi (2024-02): TC1 is an outbound (telesales) team, TC2 inbound.
    m = CMCC
    _agent(
        data,
        "C1",
        "TC1",
        m,
        {
            "qa_fatal_count": 0,
            "complaint_ticket_pass_rate": 0.95,
            "complaint_timely_rate": 0.95,
            "valid_complaints": 0,
            "repeat_complaints": 0,
            "escalated_complaints": 0,
            "complaint_satisfaction_rate": 0.9,
            "outbound_calls": 300,
            "orders": 30,
            "calls_per_hour": 12,
            "outbound_connect_rate": 0.6,
            "sales_success_rate": 0.1,
            "qa_pass_rate": (1.0, 10),
        },
        role="telesales",
    )
    _agent(
        data,
        "C2",
        "TC1",
        m,
        {
            "qa_fatal_count": 1,
            "complaint_ticket_pass_rate": 0.76,
            "valid_complaints": 1,
            "repeat_complaints": 1,
            "escalated_complaints": 0,
            "complaint_satisfaction_rate": 0.45,
            "outbound_calls": 100,
            "orders": 10,
            "calls_per_hour": 8,
            "outbound_connect_rate": 0.3,
            "sales_success_rate": 0.05,
            "qa_pass_rate": (0.76, 25),
        },
        role="telesales",
    )
    for agent_id in ("C3", "C4"):
        _agent(
            data,
            agent_id,
            "TC2",
            m,
            {
                "qa_fatal_count": 0,
                "complaint_timely_rate": 1.0,
                "valid_complaints": 0,
                "repeat_complaints": 0,
                "escalated_complaints": 0,
                "calls_per_hour": 5,
                "qa_pass_rate": (0.855, 10),
            },
        )

    # 3. call_center_kpi_cpi (2024-03): K3 has 4 attendance days.
    m = KPI_CPI
    k1 = {
        "qa_avg_score": (90, 5),
        "csat_rate": (0.9, 20),
        "calls_per_hour": 12,
        "utilization": 0.8,
        "valid_complaints": 0,
        "exam_score": 90,
        "cpi_score": 90,
    }
    _agent(data, "K1", "TK1", m, k1)
    _agent(
        data,
        "K2",
        "TK1",
        m,
        {
            "qa_avg_score": (75, 5),
            "csat_rate": (0.72, 20),
            "calls_per_hour": 8,
            "utilization": 0.6,
            "valid_complaints": 1,
            "exam_score": 75,
            "cpi_score": 80,
        },
    )
    _agent(data, "K3", "TK1", m, {**k1, "calls_per_hour": 100}, attendance_days=4)
    _agent(
        data,
        "K4",
        "TK2",
        m,
        {
            "qa_avg_score": (85, 2),
            "csat_rate": (0.9, 5),
            "calls_per_hour": 6,
            "utilization": 0.8,
            "valid_complaints": 1,
            "cpi_score": 70,
        },
    )

    # 4. qa_inspector_monthly (2024-04): the centre's FCR 0.82, answer rate 0.78 and QA
    # average 80 (grain 'center'); Q1 also has its own (agent-grain) FCR, which the
    # scope=center rule must not read.
    m = QA_INSPECTOR
    data.value("center", m, "fcr_rate", 0.82, grain="center")
    data.value("center", m, "answer_rate", 0.78, grain="center")
    data.value("center", m, "qa_avg_score", 80, grain="center")
    evaluator = {
        code: "evaluator"
        for code in (
            "qa_calibration_agreement",
            "third_party_test_call_score",
            "group_test_call_score",
            "test_calls_done",
            "qa_evaluations_done",
        )
    }
    _agent(
        data,
        "Q1",
        "TQ1",
        m,
        {
            "fcr_rate": 0.1,
            "qa_calibration_agreement": 0.95,
            "third_party_test_call_score": 8.5,
            "group_test_call_score": 9,
            "test_calls_done": 200,
            "qa_evaluations_done": 500,
            "training_attendance_rate": 1.0,
            "task_completion_rate": 0.9,
            "bonus_points": 2,
            "adopted_suggestions": 1,
            "penalty_points": 0,
        },
        role="qa_inspector",
        grain_of=evaluator,
    )
    _agent(
        data,
        "Q2",
        "TQ1",
        m,
        {
            "qa_calibration_agreement": 0.9,
            "third_party_test_call_score": 9,
            "group_test_call_score": 8,
            "test_calls_done": 250,
            "training_attendance_rate": 0.5,
            "task_completion_rate": 1.0,
            "bonus_points": 7,
            "adopted_suggestions": 5,
            "penalty_points": 4,
        },
        role="qa_inspector",
        grain_of=evaluator,
    )
    _agent(
        data,
        "Q3",
        "TQ1",
        m,
        {
            "qa_calibration_agreement": 0.96,
            "third_party_test_call_score": 9,
            "test_calls_done": 150,
            "qa_evaluations_done": 600,
            "training_attendance_rate": 1.0,
            "penalty_points": 12,
        },
        role="qa_inspector",
        grain_of=evaluator,
    )

    # 5. telecom_piece_rate (2024-05).
    m = TELECOM
    _agent(
        data,
        "T1",
        "TT1",
        m,
        {
            "survey_response_rate": 0.4,
            "aht_seconds": 120,
            "avg_acw_seconds": 15,
            "utilization": 0.75,
            "dissatisfied_count": 0,
            "calls_handled": 1000,
            "orders": 10,
            "cross_sell_penetration_rate": 0.3,
            "late_minutes": 0,
        },
    )
    _agent(
        data,
        "T2",
        "TT1",
        m,
        {
            "survey_response_rate": 0.35,
            "aht_seconds": 130,
            "avg_acw_seconds": 20,
            "utilization": 0.65,
            "dissatisfied_count": 1,
            "calls_handled": 800,
            "orders": 2,
            "cross_sell_penetration_rate": 0.2,
            "late_minutes": 12,
            "late_minutes_5plus": 8,
            "late_or_early_leave_count": 4,
            "valid_complaints": 2,
            "repeat_complaints": 1,
            "work_error_count": 3,
            "service_error_count": 2,
        },
    )
    _agent(
        data,
        "T3",
        "TT1",
        m,
        {
            "survey_response_rate": 0.5,
            "aht_seconds": 125,
            "avg_acw_seconds": 10,
            "utilization": 0.8,
            "dissatisfied_count": 2,
            "calls_handled": 500,
            "orders": 0,
            "late_minutes": 3,
            "late_or_early_leave_count": 3,
            "valid_complaints": 0,
        },
    )
    _agent(
        data,
        "T4",
        "TT2",
        m,
        {
            "survey_response_rate": 0.4,
            "aht_seconds": 125,
            "avg_acw_seconds": 16,
            "utilization": 0.7,
            "dissatisfied_count": 0,
            "calls_handled": 100,
        },
    )

    # 6. ecommerce_service (2024-06): calls_per_hour averages (12 + 8 + 10 + 10) / 4 = 10.
    m = ECOMMERCE
    _agent(
        data,
        "E1",
        "TE1",
        m,
        {
            "calls_per_hour": 12,
            "qa_avg_score": (90, 5),
            "exam_score": 90,
            "bonus_points": 3,
            "answer_rate": 0.95,
            "conversion_rate": 0.3,
            "return_prevention_rate": 0.35,
        },
    )
    _agent(
        data,
        "E2",
        "TE1",
        m,
        {
            "calls_per_hour": 8,
            "qa_avg_score": (75, 5),
            "exam_score": 70,
            "bonus_points": 1,
            "answer_rate": 0.76,
            "complaint_timely_rate": 0.5,
            "conversion_rate": 0.15,
            "return_prevention_rate": 0.3,
        },
    )
    _agent(
        data,
        "E3",
        "TE2",
        m,
        {
            "calls_per_hour": 10,
            "qa_avg_score": (84, 5),
            "exam_score": 81,
            "bonus_points": 0,
            "answer_rate": 0.95,
            "complaint_timely_rate": 1.0,
            "conversion_rate": 0.24,
            "return_prevention_rate": 0.29,
        },
    )
    _agent(
        data,
        "E4",
        "TE2",
        m,
        {
            "calls_per_hour": 10,
            "qa_avg_score": (72, 5),
            "exam_score": 60,
            "bonus_points": 6,
            "answer_rate": 0.76,
            "conversion_rate": 0.18,
        },
    )
    # 6b. ecommerce_supervisor (2024-06): the team leads, scored on their teams' values.
    team_values = {
        "TE1": {"calls_per_hour": 11, "qa_avg_score": (82.5, 10), "exam_score": 80,
                "answer_rate": 0.855, "complaint_timely_rate": 0.5, "conversion_rate": 0.225,
                "bonus_points": 4, "return_prevention_rate": 0.32},
        "TE2": {"calls_per_hour": 10, "qa_avg_score": (78, 10), "exam_score": 70.5,
                "answer_rate": 0.855, "complaint_timely_rate": 1.0, "conversion_rate": 0.21,
                "bonus_points": 6, "return_prevention_rate": 0.29},
    }  # fmt: skip
    for lead, team in (("EL1", "TE1"), ("EL2", "TE2")):
        _agent(data, lead, team, m, {}, role="team_lead")
        for code, item in team_values[team].items():
            value, n = item if isinstance(item, tuple) else (item, None)
            data.value(team, m, code, value, grain="team", numerator=value * (n or 1),
                       denominator=n)  # fmt: skip

    # 7. customer_service_staff (2024-07).
    m = CS_STAFF
    _agent(
        data,
        "S1",
        "TS1",
        m,
        {
            "callback_completion_rate": 1.0,
            "callback_authenticity_rate": 1.0,
            "complaint_timely_rate": 0.95,
            "exam_score": 90,
            "qa_avg_score": (90, 5),
            "csat_rate": (0.9, 20),
            "untrue_report_count": 0,
            "info_transfer_timely_rate": 0.95,
            "cpi_score": 95,
            "bonus_points": 3,
            "penalty_points": 0,
        },
    )
    _agent(
        data,
        "S2",
        "TS1",
        m,
        {
            "callback_completion_rate": 0.8,
            "callback_authenticity_rate": 0.5,
            "exam_score": 75,
            "qa_avg_score": (80, 5),
            "csat_rate": (0.81, 20),
            "untrue_report_count": 3,
            "info_transfer_timely_rate": 0.76,
            "cpi_score": 60,
            "bonus_points": 2,
            "penalty_points": 5,
        },
    )
    _agent(
        data,
        "S3",
        "TS2",
        m,
        {
            "callback_completion_rate": 1.0,
            "callback_authenticity_rate": 1.0,
            "complaint_timely_rate": 1.0,
            "exam_score": 90,
            "qa_avg_score": (90, 2),
            "csat_rate": (0.9, 5),
            "untrue_report_count": 6,
            "info_transfer_timely_rate": 0.95,
            "cpi_score": 80,
            "penalty_points": 15,
        },
    )
    _agent(
        data,
        "S4",
        "TS2",
        m,
        {
            "callback_completion_rate": 0.0,
            "callback_authenticity_rate": 0.0,
            "complaint_timely_rate": 0.0,
            "exam_score": 50,
            "qa_avg_score": (50, 5),
            "csat_rate": (0.0, 20),
            "untrue_report_count": 5,
            "info_transfer_timely_rate": 0.0,
            "cpi_score": 10,
            "penalty_points": 20,
        },
    )
    return data


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    workdir: Path = tmp_path_factory.mktemp("schemes_1_to_7")
    conn = score(workdir, build_input())
    yield conn
    conn.close()


def test_galaxy_securities(scored):
    # call_volume = calls ÷ centre average 100 (eligible G1-G6 only), bands
    # ≥0.95 → 10, ≥0.9 → 8, ≥0.8 → 5, ≥0.5 → 3, else 0.
    # qa: 40 − 8 × ceil((1 − rate) / 0.04); complaints: 20 − 10 per complaint;
    # ticket entry 10 − 2 × ceil((0.98 − v) / 0.01); training 10 − 5 × ceil((1 − v) / 0.1);
    # morning meetings 5 − 1 each; duty 5 − 5 each; missing deductions = full.
    # Adjustments: exam × 0.05 (cap 5) + extra-role points (cap 5). kpi_share 1, max 110.
    full_rest = {"ticket_entry": 10, "training": 10, "morning_meeting": 5, "duty": 5}
    points = {
        # G1: 250/100 = 2.5 → 10; qa 1.0 → 40; 0 complaints → 20; rest full 30 → KPI 100;
        # exam 100 × 0.05 = 5; extra 2 → total 107 (within total_max 110) → A.
        "G1": {
            "call_volume": 10,
            "qa": 40,
            "complaints": 20,
            **full_rest,
            "bonus_exam": 5,
            "bonus_extra_roles": 2,
        },
        # G2: 95/100 = 0.95 → 10; qa 0.92: 0.08/0.04 = 2 steps → 40 − 16 = 24;
        # 1 complaint → 10; ticket 0.955: 0.025/0.01 = 2.5 → 3 steps → 10 − 6 = 4;
        # training 0.85: 0.15/0.1 = 1.5 → 2 steps → 0; meetings 2 → 3; duty 0 → 5;
        # KPI 10 + 24 + 10 + 4 + 0 + 3 + 5 = 56; exam 80 × 0.05 = 4 → 60 → D.
        "G2": {
            "call_volume": 10,
            "qa": 24,
            "complaints": 10,
            "ticket_entry": 4,
            "training": 0,
            "morning_meeting": 3,
            "duty": 5,
            "bonus_exam": 4,
            "bonus_extra_roles": 0,
        },
        # G3: 90/100 = 0.9 → 8; qa on 2 evaluations < min 3 → low sample → re-weighted:
        # raw 8 + 20 + 30 = 58 over kept weight 60 → × 100/60. The kept rows can give
        # 16.667 (weight 10), 33.333 (20) and 8.333 (5), in cents by largest remainder:
        # the 3 cents left go to the three weight-10 rows (call_volume, ticket, training
        # 16.67; complaints 33.33, meeting and duty 8.33: 100.00 in all). call_volume
        # 8 × 16.67/10 = 13.336 → 13.34; complaints 33.33, ticket/training 16.67,
        # meeting/duty 8.33; KPI 96.67 → A.
        "G3": {
            "call_volume": 8 * 16.67 / 10,
            "qa": None,
            "complaints": 20 * 100 / 60,
            "ticket_entry": 10 * 100 / 60,
            "training": 10 * 100 / 60,
            "morning_meeting": 5 * 100 / 60,
            "duty": 5 * 100 / 60,
            "bonus_exam": 0,
            "bonus_extra_roles": 0,
        },
        # G4: 0.85 → 5; qa 40; complaints 20; rest 30 → 95; exam 0 → 0 → 95 → A.
        "G4": {
            "call_volume": 5,
            "qa": 40,
            "complaints": 20,
            **full_rest,
            "bonus_exam": 0,
            "bonus_extra_roles": 0,
        },
        # G5: 0.6 → 3; qa 0.96: 1 step → 32; 20; 30 → KPI 85; exam 5 + extra 8 capped 5
        # → 95 (ties G4) → A.
        "G5": {
            "call_volume": 3,
            "qa": 32,
            "complaints": 20,
            **full_rest,
            "bonus_exam": 5,
            "bonus_extra_roles": 5,
        },
        # G6: 0.2 → 0; qa 40; 1 complaint → 10; 30 → KPI 80; exam 5 → 85 → B.
        "G6": {
            "call_volume": 0,
            "qa": 40,
            "complaints": 10,
            **full_rest,
            "bonus_exam": 5,
            "bonus_extra_roles": 0,
        },
    }
    # Centre ranks: 107 (1), 96.667 (2), 95 and 95 (3, 3), 85 (5), 60 (6).
    # TG1: G1 1, G3 2, G2 3; TG2: G4 1, G5 1, G6 3.
    expected = {
        "G1": {"total_score": 107.0, "grade": "A", "rank_in_center": 1, "rank_in_team": 1},
        "G2": {"total_score": 60.0, "grade": "D", "rank_in_center": 6, "rank_in_team": 3},
        "G3": {"total_score": 58 * 100 / 60, "grade": "A", "rank_in_center": 2, "rank_in_team": 2},
        "G4": {"total_score": 95.0, "grade": "A", "rank_in_center": 3, "rank_in_team": 1},
        "G5": {"total_score": 95.0, "grade": "A", "rank_in_center": 3, "rank_in_team": 1},
        "G6": {"total_score": 85.0, "grade": "B", "rank_in_center": 5, "rank_in_team": 3},
        # G7: 3 attendance days: kept with eligible false, no grade, rank or bonus.
        "G7": {
            "eligible": False,
            "ineligible_reason": "attendance_days 3 < 5",
            "grade": None,
            "rank_in_center": None,
            "rank_in_team": None,
            "bonus_amount": None,
        },
    }
    for agent_id in points:
        expected[agent_id]["eligible"] = True
        expected[agent_id]["kpi_points"] = sum(
            p
            for rule, p in points[agent_id].items()
            if p is not None and not rule.startswith("bonus")
        )
    assert_scheme(scored, "galaxy_securities", GALAXY, expected, points=points)
    # G7's own volume (1000) is also read against the eligible average 100 → 10 → band 10.
    assert rule_points(scored, "galaxy_securities", "G7", GALAXY)["call_volume"] == 10


def test_cmcc_10086_kpi(scored):
    # kpi_share 1. Marketing rows (outbound_calls, orders, calls_per_hour) are ÷ team avg,
    # linear to target 1 (full at the average).
    # TC1 averages: outbound (300 + 100)/2 = 200, orders (30 + 10)/2 = 20, cph (12 + 8)/2 = 10.
    # TC2 average cph (5 + 5)/2 = 5.
    points = {
        # C1: all on target; 300/200, 30/20, 12/10 ≥ 1 → full; total 100 → A.
        "C1": {
            "qa_error": 10,
            "complaint_ticket_pass": 5,
            "complaint_timeliness": 5,
            "complaint_call": 10,
            "repeat_complaint": 5,
            "escalated_complaint": 5,
            "complaint_satisfaction": 5,
            "call_volume": 10,
            "successes": 5,
            "calls_per_hour": 10,
            "connect_success": 10,
            "sales_success": 10,
            "qa_pass": 10,
        },
        # C2: 1 fatal → 10 − 5 = 5; ticket 0.76/0.95 = 0.8 → 4; timeliness missing → full 5;
        # 1 complaint → 5; 1 repeat → 0; escalated 0 → 5; satisfaction 0.45/0.9 → 2.5;
        # outbound 100/200 = 0.5 → 5; orders 10/20 = 0.5 → 2.5; cph 8/10 = 0.8 → 8;
        # connect 0.3/0.6 → 5; sales 0.05/0.1 → 5; qa pass 0.76/0.95 = 0.8 → 8.
        # Total 5+4+5+5+0+5+2.5+5+2.5+8+5+5+8 = 60 → D.
        "C2": {
            "qa_error": 5,
            "complaint_ticket_pass": 4,
            "complaint_timeliness": 5,
            "complaint_call": 5,
            "repeat_complaint": 0,
            "escalated_complaint": 5,
            "complaint_satisfaction": 2.5,
            "call_volume": 5,
            "successes": 2.5,
            "calls_per_hour": 8,
            "connect_success": 5,
            "sales_success": 5,
            "qa_pass": 8,
        },
    }
    # C3 / C4 (inbound): ticket pass, complaint satisfaction, outbound, orders, connect
    # and sales are missing → re-weighted away (5+5+10+5+10+10 = 45); kept weight 55:
    # qa_error 10 + timeliness 5 + complaints 10 + repeat 5 + escalated 5 + cph 5/5 = 1
    # → 10 + qa pass 0.855/0.95 = 0.9 → 9 = 54; × 100/55 = 98.182 → A. In cents, the
    # weight-10 rows can give 18.18 and the weight-5 rows 9.09 (99.99): the cent left over
    # goes to the largest remainder, the first rule id of the tied weight-10 rows
    # (calls_per_hour 18.19).
    factor = 100 / 55
    inbound = {
        "qa_error": 10 * factor,
        "complaint_ticket_pass": None,
        "complaint_timeliness": 5 * factor,
        "complaint_call": 10 * factor,
        "repeat_complaint": 5 * factor,
        "escalated_complaint": 5 * factor,
        "complaint_satisfaction": None,
        "call_volume": None,
        "successes": None,
        "calls_per_hour": 18.19,
        "connect_success": None,
        "sales_success": None,
        "qa_pass": 9 * factor,
    }
    points["C3"] = inbound
    points["C4"] = inbound
    # Ranks: C1 100 (1), C3 = C4 98.182 (2, 2), C2 60 (4). TC1: C1 1, C2 2; TC2: 1, 1.
    expected = {
        "C1": {"total_score": 100.0, "grade": "A", "rank_in_center": 1, "rank_in_team": 1},
        "C2": {"total_score": 60.0, "grade": "D", "rank_in_center": 4, "rank_in_team": 2},
        "C3": {"total_score": 54 * factor, "grade": "A", "rank_in_center": 2, "rank_in_team": 1},
        "C4": {"total_score": 54 * factor, "grade": "A", "rank_in_center": 2, "rank_in_team": 1},
    }
    assert_scheme(scored, "cmcc_10086_kpi", CMCC, expected, points=points)


def test_call_center_kpi_cpi(scored):
    # total = 0.8 × KPI + 0.2 × CPI. qa: 25 × (v − 60)/30; csat: 20 × v/0.9 (min 10 surveys);
    # productivity: 15 × min(cph ÷ team avg, 1); utilization: 15 × v/0.8;
    # complaints: 15 − 7.5 each; exam: 10 × (v − 60)/30; CPI: cpi_score (target 100).
    # TK1 cph average of the ELIGIBLE agents K1, K2: (12 + 8)/2 = 10 (K3's 100 excluded).
    points = {
        # K1: 25 + 20 + 15 (12/10 ≥ 1) + 15 + 15 + 10 = KPI 100; CPI 90;
        # total 80 + 18 = 98 → A.
        "K1": {
            "qa_score": 25,
            "csat": 20,
            "productivity": 15,
            "utilization": 15,
            "complaints": 15,
            "exam": 10,
            "competency": 90,
        },
        # K2: qa 75 → 25 × 15/30 = 12.5; csat 0.72/0.9 = 0.8 → 16; cph 8/10 → 12;
        # util 0.6/0.8 → 11.25; 1 complaint → 7.5; exam 75 → 5; KPI 64.25; CPI 80;
        # total 0.8 × 64.25 + 0.2 × 80 = 51.4 + 16 = 67.4 → D.
        "K2": {
            "qa_score": 12.5,
            "csat": 16,
            "productivity": 12,
            "utilization": 11.25,
            "complaints": 7.5,
            "exam": 5,
            "competency": 80,
        },
        # K4 (TK2, alone): qa on 2 evaluations and csat on 5 surveys are low-sample and exam
        # is missing → re-weighted (25 + 20 + 10 dropped, kept 45): each kept row of weight
        # 15 can give 100/3 = 33.333…, in cents 33.34 for `complaints` (the cent left over
        # goes to the first rule id) and 33.33 for the others: cph 6/6 → 33.33, util
        # 33.33, 1 complaint → 7.5 × 33.34/15 = 16.67; KPI = their sum 83.33; CPI 70;
        # total 0.8 × 83.33 + 14 = 80.664 → 80.66 → B (the unrounded 80.667 would show
        # 80.67: published points are rounded once each, then added exactly).
        "K4": {
            "qa_score": None,
            "csat": None,
            "productivity": 15 * 100 / 45,
            "utilization": 15 * 100 / 45,
            "complaints": 7.5 * 100 / 45,
            "exam": None,
            "competency": 70,
        },
    }
    expected = {
        "K1": {
            "eligible": True,
            "kpi_points": 100.0,
            "cpi_points": 90.0,
            "total_score": 98.0,
            "grade": "A",
            "rank_in_center": 1,
            "rank_in_team": 1,
        },
        "K2": {
            "eligible": True,
            "kpi_points": 64.25,
            "cpi_points": 80.0,
            "total_score": 67.4,
            "grade": "D",
            "rank_in_center": 3,
            "rank_in_team": 2,
        },
        # K3: 4 attendance days < 5 → kept, eligible false with the reason; points and
        # total are still computed (same as K1: cph 100/10 ≥ 1 → 15, total 98) but no
        # grade, rank or bonus.
        "K3": {
            "eligible": False,
            "ineligible_reason": "attendance_days 4 < 5",
            "attendance_days": 4.0,
            "total_score": 98.0,
            "grade": None,
            "rank_in_center": None,
            "rank_in_team": None,
            "bonus_amount": None,
        },
        "K4": {
            "eligible": True,
            "kpi_points": 83.33,
            "total_score": 80.66,
            "grade": "B",
            "rank_in_center": 2,
            "rank_in_team": 1,
        },
    }
    assert_scheme(scored, "call_center_kpi_cpi", KPI_CPI, expected, points=points)


def test_qa_inspector_monthly(scored):
    # Centre rules (scope center, the values written at grain 'center'):
    # fcr 0.82 ≥ 0.8 → 5; answer rate 0.78 < 0.8 → 0; QA average 80 ≥ 80 → 15 → 20 for
    # every inspector (Q1's own FCR 0.1 is not read).
    # Evaluator grain: calibration ≥ 0.95 → 15; third-party ≥ 8.5 → 10; group ≥ 9 → 10;
    # test calls ≥ 200 → 10; evaluations ≥ 500 → 10 (missing → 0).
    # Training and work completion: 10 × v (target 1). Adjustments: praise +1 (cap 5),
    # suggestions +1 (cap 3), penalties −1 (cap 10).
    centre = {"fcr": 5, "answer_rate": 0, "qa_score": 15}
    points = {
        # Q1: 20 + 15 + 10 + 10 + 10 + 10 + training 10 + work 0.9 → 9 = 94;
        # +2 praise +1 suggestion → 97 → A.
        "Q1": {
            **centre,
            "calibration": 15,
            "third_party_test": 10,
            "group_test": 10,
            "test_calls": 10,
            "evaluations": 10,
            "training": 10,
            "work_completion": 9,
            "bonus_praise": 2,
            "bonus_suggestions": 1,
            "deductions": 0,
        },
        # Q2: 20 + calibration 0.9 → 0 + third 9 → 10 + group 8 → 0 + test calls 250 → 10
        # + evaluations missing → 0 (zero) + training 0.5 → 5 + work 10 = 55;
        # praise 7 → 5 (cap), suggestions 5 → 3 (cap), penalty 4 → −4 → 59 → D.
        "Q2": {
            **centre,
            "calibration": 0,
            "third_party_test": 10,
            "group_test": 0,
            "test_calls": 10,
            "evaluations": 0,
            "training": 5,
            "work_completion": 10,
            "bonus_praise": 5,
            "bonus_suggestions": 3,
            "deductions": -4,
        },
    }
    # Q3: group test and work completion missing → re-weighted (kept 80): 20 + 15 + 10
    # + test calls 150 → 0 + evaluations 600 → 10 + training 10 = 65 × 100/80 = 81.25;
    # penalty 12 → −10 (cap) → 71.25 → C.
    f = 100 / 80
    points["Q3"] = {
        "fcr": 5 * f,
        "answer_rate": 0,
        "qa_score": 15 * f,
        "calibration": 15 * f,
        "third_party_test": 10 * f,
        "group_test": None,
        "test_calls": 0,
        "evaluations": 10 * f,
        "training": 10 * f,
        "work_completion": None,
        "bonus_praise": 0,
        "bonus_suggestions": 0,
        "deductions": -10,
    }
    expected = {
        "Q1": {"grain": "evaluator", "total_score": 97.0, "grade": "A", "rank_in_center": 1},
        "Q2": {"grain": "evaluator", "total_score": 59.0, "grade": "D", "rank_in_center": 3},
        "Q3": {"grain": "evaluator", "total_score": 71.25, "grade": "C", "rank_in_center": 2},
    }
    assert_scheme(scored, "qa_inspector_monthly", QA_INSPECTOR, expected, points=points)
    values = rule_values(scored, "qa_inspector_monthly", "Q1", QA_INSPECTOR)
    assert values["fcr"] == published(0.82, 4)
    assert values["answer_rate"] == published(0.78, 4)
    assert values["qa_score"] == published(80, 4)
    assert values["calibration"] == published(0.95, 4)
    assert values["evaluations"] == published(500, 4)


def test_telecom_piece_rate(scored):
    # Points: rating ≥ 0.35 → 20; AHT ≤ 130 → 25; ACW ≤ 15 → 15; utilization ≥ 0.7 → 20;
    # dissatisfied 20 − 5 each. Bonus = star amount (≥95 +300, ≥90 +200, ≥80 +0 regular)
    # + money rules (no bonus base).
    points = {
        "T1": {"rating_rate": 20, "aht": 25, "acw": 15, "utilization": 20, "dissatisfied": 20},
        "T2": {"rating_rate": 20, "aht": 25, "acw": 0, "utilization": 0, "dissatisfied": 15},
        "T3": {"rating_rate": 20, "aht": 25, "acw": 15, "utilization": 20, "dissatisfied": 10},
        "T4": {"rating_rate": 20, "aht": 25, "acw": 0, "utilization": 20, "dissatisfied": 20},
    }
    expected = {
        # T1: 100 → A, two-star +300; money 1000 calls × 0.2 = 200 + 10 orders × 5 = 50
        # (cross-sell 0.3 not < 0.25, 0 late minutes not > 0) → 300 + 250 = 550.
        "T1": {
            "total_score": 100.0,
            "grade": "A",
            "star_level": "two_star",
            "bonus_amount": 550.0,
            "rank_in_center": 1,
            "rank_in_team": 1,
        },
        # T2: 20 + 25 (130 ≤ 130) + 0 (ACW 20 > 15) + 0 (0.65 < 0.7) + 15 = 60 → D, no star.
        # Money: 800 × 0.2 = 160; 2 × 5 = 10; cross-sell 0.2 < 0.25 → −30; late 12 min → −12;
        # 8 min in lates ≥ 5 min → −8; 4 lates/early leaves → −100; utilization < 0.7 → −100;
        # ACW 20 > 15 → −50; 2 complaints → −100; 1 repeat → −50; 3 work errors → −15;
        # 2 service errors → −20. 170 − 485 = −315.
        "T2": {
            "total_score": 60.0,
            "grade": "D",
            "star_level": None,
            "bonus_amount": -315.0,
            "rank_in_center": 4,
            "rank_in_team": 3,
        },
        # T3: 20 + 25 + 15 + 20 + (20 − 10) = 90 → A, one-star +200; money 500 × 0.2 = 100,
        # 0 orders → 0, late 3 min → −3 (3 lates < 4: no loss) → 200 + 97 = 297.
        "T3": {
            "total_score": 90.0,
            "grade": "A",
            "star_level": "one_star",
            "bonus_amount": 297.0,
            "rank_in_center": 2,
            "rank_in_team": 2,
        },
        # T4: 20 + 25 + 0 (ACW 16) + 20 (0.7 ≥ 0.7) + 20 = 85 → B, regular (+0);
        # money 100 × 0.2 = 20, ACW 16 > 15 → −50 (utilization 0.7 not < 0.7) → −30.
        "T4": {
            "total_score": 85.0,
            "grade": "B",
            "star_level": "regular",
            "bonus_amount": -30.0,
            "rank_in_center": 3,
            "rank_in_team": 1,
        },
    }
    assert_scheme(scored, "telecom_piece_rate", TELECOM, expected, points=points)


def test_ecommerce_service(scored):
    # chats: 20 × min(cph ÷ centre avg 10, 1); qa 30 × (v − 60)/30; exam 20 × (v − 60)/30;
    # first contact 10 × v/0.95; closure 10 × v (missing = full); contract 10 × v/0.3:
    # KPI 100. Praise is a bonus item: +2 per praise point, at most +10 (an adjustment, so
    # an agent without praise fails no KPI); total clamped to 100. Grade = score band (≥75
    # ×6, ≥70 ×5, ≥65 ×3, ≥60 ×2, ≥50 ×1, else 0) × base 100 元, + 300 元 when return
    # prevention ≥ 30 %.
    points = {
        # E1: 20 + 30 + 20 + 10 + 10 (missing → full) + 10 = KPI 100; praise 3 → +6;
        # 106 → clamped to 100.
        "E1": {
            "chats": 20,
            "qa_score": 30,
            "exam": 20,
            "praise": 6,
            "first_contact": 10,
            "complaint_closure": 10,
            "contract_rate": 10,
        },
        # E2: 8/10 → 16; qa 75 → 15; exam 70 → 6.667 → 6.67; 0.76/0.95 → 8; 0.5 → 5;
        # 0.15/0.3 → 5: KPI 55.67; praise 1 → +2; total 57.67.
        "E2": {
            "chats": 16,
            "qa_score": 15,
            "exam": 20 * 10 / 30,
            "praise": 2,
            "first_contact": 8,
            "complaint_closure": 5,
            "contract_rate": 5,
        },
        # E3: 20 + qa 84 → 24 + exam 81 → 14 + 10 + 10 + 0.24/0.3 → 8 = 86; no praise.
        "E3": {
            "chats": 20,
            "qa_score": 24,
            "exam": 14,
            "praise": 0,
            "first_contact": 10,
            "complaint_closure": 10,
            "contract_rate": 8,
        },
        # E4: 20 + qa 72 → 12 + exam 60 → 0 + 8 + 10 (missing) + 0.18/0.3 → 6 = 56;
        # praise 6 → 12, capped at +10: 66.
        "E4": {
            "chats": 20,
            "qa_score": 12,
            "exam": 0,
            "praise": 10,
            "first_contact": 8,
            "complaint_closure": 10,
            "contract_rate": 6,
        },
    }
    expected = {
        # 100 → band_600: 6 × 100 = 600, return prevention 0.35 ≥ 0.3 → +300 = 900.
        "E1": {
            "total_score": 100.0,
            "grade": "band_600",
            "bonus_amount": 900.0,
            "rank_in_center": 1,
            "rank_in_team": 1,
        },
        # 57.67 → band_100: 100, 0.3 ≥ 0.3 → +300 = 400.
        "E2": {
            "kpi_points": 55.67,
            "adjustment_points": 2.0,
            "total_score": 57.67,
            "grade": "band_100",
            "bonus_amount": 400.0,
            "rank_in_center": 4,
            "rank_in_team": 2,
        },
        # 86 → band_600: 600; 0.29 < 0.3 → no extra.
        "E3": {
            "total_score": 86.0,
            "grade": "band_600",
            "bonus_amount": 600.0,
            "rank_in_center": 2,
            "rank_in_team": 1,
        },
        # 66 → band_300: 300; no return-prevention value.
        "E4": {
            "total_score": 66.0,
            "grade": "band_300",
            "bonus_amount": 300.0,
            "rank_in_center": 3,
            "rank_in_team": 2,
        },
    }
    assert_scheme(scored, "ecommerce_service", ECOMMERCE, expected, points=points)
    # Team grade counts follow the scheme's own scale (not the A-D letters).
    assert scored.execute(
        "select team_id, grade_counts, grade_a + grade_b + grade_c + grade_d "
        "from marts.mart_team_scores where scheme_id = 'ecommerce_service' and month = ? "
        "order by team_id",
        [ECOMMERCE],
    ).fetchall() == [
        ("TE1", '{"band_600": 1, "band_100": 1}', 0),
        ("TE2", '{"band_600": 1, "band_300": 1}', 0),
    ]


def test_ecommerce_supervisor(scored):
    # The agents' card read at the supervisor's team (scope team): chats relative to the
    # average of the supervisors' teams, (11 + 10) / 2 = 10.5; praise is the team's, +2
    # per point up to +10; 500 元 when the team's return prevention rate ≥ 30 %.
    points = {
        # EL1 (TE1): 11/10.5 ≥ 1 → 20; qa 82.5 → 22.5; exam 80 → 13.333 → 13.33;
        # 0.855/0.95 = 0.9 → 9; closure 0.5 → 5; 0.225/0.3 → 7.5: KPI 77.33; praise 4 → 8.
        "EL1": {"chats": 20, "qa_score": 22.5, "exam": 13.33, "praise": 8,
                "first_contact": 9, "complaint_closure": 5, "contract_rate": 7.5},
        # EL2 (TE2): 10/10.5 = 0.9524 → 19.048 → 19.05; qa 78 → 18; exam 70.5 → 7; 9;
        # closure 1.0 → 10; 0.21/0.3 → 7: KPI 70.05; praise 6 → 12, capped at +10.
        "EL2": {"chats": 19.05, "qa_score": 18, "exam": 7, "praise": 10,
                "first_contact": 9, "complaint_closure": 10, "contract_rate": 7},
    }  # fmt: skip
    expected = {
        # 77.33 + 8 = 85.33 → band_600 (600) + the team's 0.32 ≥ 0.3 → 500 = 1100.
        "EL1": {"kpi_points": 77.33, "total_score": 85.33, "grade": "band_600",
                "bonus_amount": 1100.0, "rank_in_center": 1},
        # 70.05 + 10 = 80.05 → band_600 (600); 0.29 < 0.3.
        "EL2": {"kpi_points": 70.05, "total_score": 80.05, "grade": "band_600",
                "bonus_amount": 600.0, "rank_in_center": 2},
    }  # fmt: skip
    assert_scheme(scored, "ecommerce_supervisor", ECOMMERCE, expected, points=points)
    assert pay_items(scored, "ecommerce_supervisor", "EL1", ECOMMERCE) == {
        "grade_bonus": published(600),
        "team_return_prevention": published(500),
    }


def test_customer_service_staff(scored):
    # KPI: callback 20 × v; authenticity 10 × v; complaint resolution 10 × v/0.95 (missing
    # = full); skills 10 × (exam − 60)/30; answer quality 20 × (qa − 60)/30 (min 3);
    # satisfaction 10 × v/0.9 (min 10); untrue reports 10 − 2 each; relay 10 × v/0.95.
    # total = 0.8 × KPI + 0.2 × cpi_score + praise (cap 10) − penalties (cap 10), in [0, 100].
    points = {
        # S1: KPI 100, CPI 95, +3 → 80 + 19 + 3 = 102 → clamped 100 → A.
        "S1": {
            "callback_completion": 20,
            "callback_authenticity": 10,
            "complaint_resolution": 10,
            "skills": 10,
            "answer_quality": 20,
            "satisfaction": 10,
            "report_truthfulness": 10,
            "info_relay": 10,
            "assessment_360": 95,
            "praise": 3,
            "audit_deductions": 0,
        },
        # S2: 16 + 5 + 10 (missing → full) + 5 + 13.33 (13.333 published) + 9 + (10 − 6)
        # + 8 = 70.33; 0.8 × 70.33 + 0.2 × 60 + 2 − 5 = 56.264 + 12 − 3 = 65.264 → 65.26
        # → D (published points are added, not their unrounded values: not 65.27).
        "S2": {
            "callback_completion": 16,
            "callback_authenticity": 5,
            "complaint_resolution": 10,
            "skills": 5,
            "answer_quality": 20 * 20 / 30,
            "satisfaction": 9,
            "report_truthfulness": 4,
            "info_relay": 8,
            "assessment_360": 60,
            "praise": 2,
            "audit_deductions": -5,
        },
        # S4: every KPI row 0 (5 untrue reports → 10 − 10 = 0);
        # CPI 10 → 2; penalty 20 → −10 (cap) → −8 → clamped to 0 → D.
        "S4": {
            "callback_completion": 0,
            "callback_authenticity": 0,
            "complaint_resolution": 0,
            "skills": 0,
            "answer_quality": 0,
            "satisfaction": 0,
            "report_truthfulness": 0,
            "info_relay": 0,
            "assessment_360": 10,
            "praise": 0,
            "audit_deductions": -10,
        },
    }
    # S3: QA on 2 evaluations and CSAT on 5 surveys are low-sample → re-weighted (kept 70):
    # 20 + 10 + 10 + 10 + untrue 6 → max(10 − 12, 0) = 0 + 10 = 60 × 100/70 = 85.714.
    # The kept rows can give 28.571 (weight 20) and 14.286 (weight 10), in cents 28.57 and
    # 5 × 14.28 = 99.97: the 3 cents left go to the largest remainders (.57 of the weight-10
    # rows), by rule id: callback_authenticity, complaint_resolution, info_relay 14.29;
    # report_truthfulness and skills 14.28. KPI 28.57 + 3 × 14.29 + 14.28 + 0 = 85.72;
    # 0.8 × 85.72 + 0.2 × 80 − 10 (penalty 15, cap 10) = 68.576 + 16 − 10 = 74.576
    # → 74.58 → C.
    points["S3"] = {
        "callback_completion": 28.57,
        "callback_authenticity": 14.29,
        "complaint_resolution": 14.29,
        "skills": 14.28,
        "answer_quality": None,
        "satisfaction": None,
        "report_truthfulness": 0,
        "info_relay": 14.29,
        "assessment_360": 80,
        "praise": 0,
        "audit_deductions": -10,
    }
    expected = {
        "S1": {"total_score": 100.0, "grade": "A", "rank_in_center": 1, "rank_in_team": 1},
        "S2": {
            "kpi_points": 70.33,
            "adjustment_points": -3.0,
            "total_score": 65.26,
            "grade": "D",
            "rank_in_center": 3,
            "rank_in_team": 2,
        },
        "S3": {
            "total_score": 74.58,
            "grade": "C",
            "rank_in_center": 2,
            "rank_in_team": 1,
        },
        "S4": {"total_score": 0.0, "grade": "D", "rank_in_center": 4, "rank_in_team": 2},
    }
    assert_scheme(scored, "customer_service_staff", CS_STAFF, expected, points=points)
