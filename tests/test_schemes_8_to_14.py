"""Schemes 8-14 of SPEC §7 scored by hand: every expected number below is worked out from
the shipped seeds (schemes.csv, scheme_rules.csv, grade_scales.csv, star_levels.csv,
money_rules.csv) and SPEC §6, with the arithmetic in the comments.

One harness run scores all seven schemes. Schemes with the same role (agent: star_level_pay
and year_end_card; telesales: tmk_telemarketing and phone_manager_retention) and every team
card (all teams of a month are scored by every team-grain scheme) would read each other's
entities for centre averages, ranks and quotas, so each scheme gets its own month(s):

    2024-01 star_level_pay (agent), tmk_telemarketing (telesales)
    2024-02, 2024-03 phone_manager_retention (telesales; and 2025-06, 2025-07)
    2024-04 call_center_manager (team)
    2024-05 department_card (team)
    2024-08, 2024-09 property_service_dept (team; quarterly, scored in September)
    2024-11, 2024-12 year_end_card (agent; a yearly card, scored once, in December)

Queries always filter on scheme_id, so the other schemes scoring the same people are
ignored.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.scoring_harness import (
    ScoringInput,
    agent_scores,
    assert_score,
    pay_items,
    published,
    score,
)

JAN = date(2024, 1, 1)
FEB = date(2024, 2, 1)
MAR = date(2024, 3, 1)
APR = date(2024, 4, 1)
MAY = date(2024, 5, 1)
AUG = date(2024, 8, 1)
SEP = date(2024, 9, 1)
NOV = date(2024, 11, 1)
DEC = date(2024, 12, 1)
JUN_2025 = date(2025, 6, 1)
JUL_2025 = date(2025, 7, 1)


def _star_level_pay(data: ScoringInput) -> None:
    """2024-01, role agent. Teams T_SL1 (S1-S3) and T_SL2 (S4, S5)."""
    people = {"S1": "T_SL1", "S2": "T_SL1", "S3": "T_SL1", "S4": "T_SL2", "S5": "T_SL2"}
    for agent, team in people.items():
        data.agent(agent, team, "agent", JAN)
        data.value(agent, JAN, "attendance_days", 4 if agent == "S5" else 22)
    # (qa, qa evaluations, csat, surveys, calls, complaints, lates, exam)
    rows = {
        "S1": (90, 5, 0.9, 20, 130, 0, 0, 90),
        "S2": (90, 5, 0.9, 20, 100, 1, 0, 90),
        "S3": (95, 2, 0.72, 10, 60, 1, 6, 67.5),
        "S4": (82.5, 5, 0.9, 20, 110, 0, 0, 90),
        "S5": (90, 5, 0.9, 20, 1000, 0, 0, 90),
    }
    for agent, (qa, qa_n, csat, csat_n, calls, complaints, lates, exam) in rows.items():
        data.value(agent, JAN, "qa_avg_score", qa, numerator=qa * qa_n, denominator=qa_n)
        data.value(agent, JAN, "csat_rate", csat, numerator=csat * csat_n, denominator=csat_n)
        data.value(agent, JAN, "calls_handled", calls)
        data.value(agent, JAN, "valid_complaints", complaints)
        data.value(agent, JAN, "late_count", lates)
        data.value(agent, JAN, "exam_score", exam)


def _year_end_card(data: ScoringInput) -> None:
    """November and December 2024, role agent. Teams T_YE1 (Y01-Y05) and T_YE2 (Y06-Y11);
    Y11 is ineligible.

    The card is yearly: it is scored once, in December, from the year's values - ratios
    from the year's numerators and denominators, counts summed, monthly scores and rates
    averaged. Each agent has the same values in both months, so the year's ratios, scores
    and rates equal the monthly ones and adopted suggestions double (still ≥ the target 1).
    Full marks: csat 0.9 (20), fcr 0.85 (15), ASA 120 s (10), conversion 0.35 (10),
    order value >= 1.1 x centre average (5), QA 90 (15), cpi 90 (10), task 1 (5),
    training 1 (5), adopted suggestions 1 (5) = 100. Each agent below deviates from it;
    every deviation is an exact half (v / target = 0.5 or 0) so ties are exact.
    """
    full = {
        "csat_rate": 0.9,
        "fcr_rate": 0.85,
        "avg_speed_of_answer_seconds": 120,
        "conversion_rate": 0.35,
        "avg_order_value": 110,
        "qa_avg_score": 90,
        "cpi_score": 90,
        "task_completion_rate": 1,
        "training_attendance_rate": 1,
        "adopted_suggestions": 1,
    }
    deviations = {
        "Y01": {"task_completion_rate": 0.5},
        "Y02": {"fcr_rate": 0.425},
        "Y03": {"adopted_suggestions": 0, "avg_speed_of_answer_seconds": 240},
        "Y04": {"cpi_score": 45, "training_attendance_rate": 0.5, "qa_avg_score": 75,
                "avg_order_value": 120},
        "Y05": {"csat_rate": 0.45, "task_completion_rate": 0.5, "training_attendance_rate": 0.5},
        "Y06": {"csat_rate": 0.45, "conversion_rate": 0.175, "cpi_score": 45},
        "Y07": {"qa_avg_score": 60, "adopted_suggestions": 0},  # csat low sample below
        "Y08": {"csat_rate": 0, "cpi_score": 0},
        "Y09": {"csat_rate": 0.45, "fcr_rate": 0.425, "qa_avg_score": 75,
                "avg_speed_of_answer_seconds": 240, "cpi_score": 45},
        "Y10": {"avg_order_value": 0, "csat_rate": 0, "fcr_rate": 0.425, "qa_avg_score": 75,
                "conversion_rate": 0.175, "adopted_suggestions": 0},
        "Y11": {"avg_order_value": 5000},
    }  # fmt: skip
    # Ratio indicators carry their parts: the year divides the sums of the parts.
    sample = {"csat_rate": 20, "qa_avg_score": 4, "fcr_rate": 20, "conversion_rate": 20,
              "avg_speed_of_answer_seconds": 20, "avg_order_value": 10}  # fmt: skip
    for month in (NOV, DEC):
        for agent, changes in deviations.items():
            team = "T_YE1" if agent <= "Y05" else "T_YE2"
            data.agent(agent, team, "agent", month)
            # Y11: 2 + 2 = 4 days in the year < 5.
            data.value(agent, month, "attendance_days", 2 if agent == "Y11" else 21)
            for code, value in {**full, **changes}.items():
                # Y07: 2 surveys a month, 4 in the year < the rule's 10: low sample.
                n = 2 if (agent, code) == ("Y07", "csat_rate") else sample.get(code)
                if n is None:
                    data.value(agent, month, code, value)
                else:
                    data.value(agent, month, code, value, numerator=value * n, denominator=n)


def _tmk_telemarketing(data: ScoringInput) -> None:
    """2024-01, role telesales, team T_TMK."""
    for agent in ("K1", "K2", "K3"):
        data.agent(agent, "T_TMK", "telesales", JAN)
        data.value(agent, JAN, "attendance_days", 22)
    values = {
        "K1": {
            "work_order_completion_rate": 1.0,
            "visit_completion_rate": 0.9,
            "conversion_rate": 0.35,
            "sales_amount": 20000,
            "work_order_shortfall": 0,
            "visit_shortfall": 0,
            "valid_complaints": 0,
            "survey_avg_rating": 4.5,
        },
        "K2": {
            "work_order_completion_rate": 0.8,
            "visit_completion_rate": 0.5,
            "conversion_rate": 0.3,
            "sales_amount": 5000,
            "work_order_shortfall": 0,
            "visit_shortfall": 3,
            "valid_complaints": 1,
            "survey_avg_rating": 4,
        },
        "K3": {
            "work_order_completion_rate": 0.7,
            "visit_completion_rate": 1.2,
        },
    }
    for agent, codes in values.items():
        for code, value in codes.items():
            data.value(agent, JAN, code, value)


def _phone_manager_retention(data: ScoringInput) -> None:
    """2024-02, 2024-03 and, a year later, 2025-06 and 2025-07; role telesales, team T_PM."""
    # (retention, churn, bundling, csat) per agent and month
    rows = {
        ("P1", FEB): (0.81, 0.02, 0.42, 0.76),
        ("P2", FEB): (0.83, 0.01, 0.385, 0.70),
        ("P1", MAR): (0.81, 0.02, 0.42, 0.76),
        ("P2", MAR): (0.83, 0.01, 0.45, 0.80),
        ("P1", JUN_2025): (0.87, 0.01, 0.45, 0.78),
        ("P1", JUL_2025): (0.84, 0.01, 0.45, 0.79),
    }
    for (agent, month), (retention, churn, bundling, csat) in rows.items():
        data.agent(agent, "T_PM", "telesales", month)
        data.value(agent, month, "attendance_days", 20)
        data.value(agent, month, "retention_rate", retention)
        data.value(agent, month, "churn_rate", churn)
        data.value(agent, month, "bundling_rate", bundling)
        data.value(agent, month, "csat_rate", csat, numerator=csat * 20, denominator=20)


def _call_center_manager(data: ScoringInput) -> None:
    """2024-04, teams TC1 and TC2 (one team lead each); values at grain team."""
    data.agent("C1", "TC1", "team_lead", APR)
    data.agent("C2", "TC2", "team_lead", APR)
    # An agent-grain csat of the lead: the team card must read the team roll-up instead.
    data.value("C1", APR, "csat_rate", 0.1)
    teams = {
        "TC1": {
            "plan_completion_rate": 1.0,
            "cost_budget_rate": 0.8,
            "research_plan_completion_rate": 1.0,
            "process_improvement_rate": 0.9,
            "csat_rate": 0.9,
            "calls_handled": 300,
            "complaint_timely_rate": 0.95,
            "collaboration_satisfaction_score": 90,
            "fcr_rate": 0.8,
        },
        "TC2": {
            "plan_completion_rate": 0.5,
            "cost_budget_rate": 1.25,
            "research_plan_completion_rate": 0.75,
            "process_improvement_rate": 0.45,
            "csat_rate": 0.45,
            "calls_handled": 100,
            "collaboration_satisfaction_score": 45,
            "fcr_rate": 0.4,
        },
    }
    for team, codes in teams.items():
        for code, value in codes.items():
            data.value(team, APR, code, value, grain="team")


def _department_card(data: ScoringInput) -> None:
    """2024-05, teams TD1-TD3; values at grain team."""
    teams = {
        "TD1": (100, 1.0, 100, 100),
        "TD2": (80, 0.8, 60, 50),
        "TD3": (90, 0.9, 90, None),
    }
    for team, (duty, plan, rating, key) in teams.items():
        data.agent(f"L_{team}", team, "team_lead", MAY)
        data.value(team, MAY, "department_duty_score", duty, grain="team")
        data.value(team, MAY, "plan_completion_rate", plan, grain="team")
        data.value(team, MAY, "customer_department_rating", rating, grain="team")
        if key is not None:
            data.value(team, MAY, "key_indicator_score", key, grain="team")


def _property_service_dept(data: ScoringInput) -> None:
    """August and September 2024, teams TP1-TP3; values at grain team (agent indicators as
    team roll-ups). The card is quarterly: scored once, in September, from the quarter's
    values; each team has the same values in both months, so the quarter's equal the
    months'."""
    # (csat, qa, aht, complaint timeliness, fcr, repair resolution, collaboration)
    teams = {
        "TP1": (0.9, 90, 250, 0.95, 0.8, 0.95, 90),
        "TP2": (0.72, 75, 600, 0.76, 0.6, 0.475, 45),
        "TP3": (0.9, 90, 300, 0.95, 0.4, 0.95, 0),
    }
    codes = (
        "csat_rate",
        "qa_avg_score",
        "aht_seconds",
        "complaint_timely_rate",
        "fcr_rate",
        "repair_resolution_rate",
        "collaboration_satisfaction_score",
    )
    # Ratio indicators carry their parts: the quarter divides the sums of the parts.
    sample = {"csat_rate": 20, "qa_avg_score": 10, "aht_seconds": 20,
              "complaint_timely_rate": 20, "fcr_rate": 20}  # fmt: skip
    for month in (AUG, SEP):
        for team, values in teams.items():
            data.agent(f"L_{team}", team, "team_lead", month)
            for code, value in zip(codes, values, strict=True):
                n = sample.get(code)
                data.value(team, month, code, value, grain="team",
                           numerator=value * (n or 1), denominator=n)  # fmt: skip


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    data = ScoringInput()
    _star_level_pay(data)
    _year_end_card(data)
    _tmk_telemarketing(data)
    _phone_manager_retention(data)
    _call_center_manager(data)
    _department_card(data)
    _property_service_dept(data)
    conn = score(tmp_path_factory.mktemp("schemes_8_to_14"), data)
    yield conn
    conn.close()


def test_star_level_pay(marts):
    # Rules: qa 30 linear floor 60 target 90 (min 3 evaluations, reweight); csat 20 linear
    # target 0.9 (min 10 surveys); volume 15 linear target 1 relative to the centre average
    # of eligible agents; complaints 15 deduct 7.5 each; punctuality 10 deduct 2 per late;
    # exam 10 linear floor 60 target 90. kpi_share 1, default grades, star levels, no base.
    # Centre average calls of eligible agents (S5 has 4 < 5 days, excluded):
    # (130 + 100 + 60 + 110) / 4 = 100.
    scores = agent_scores(marts, "star_level_pay", JAN)
    assert set(scores) == {"S1", "S2", "S3", "S4", "S5"}

    # S1: qa 90 -> 30; csat 0.9 -> 20; calls 130/100 = 1.3 -> 15 (clamped); 0 complaints
    # -> 15; 0 lates -> 10; exam 90 -> 10; total 100 -> A, >= 95 two-star +300; rank 1
    # with no complaint: service star +100 (服务之星) -> 400.
    assert_score(
        marts, "star_level_pay", "S1", JAN, total=100, grade="A", rank_in_center=1, rank_in_team=1,
        bonus=400, points={"qa_score": 30, "csat": 20, "volume": 15, "complaints": 15,
        "punctuality": 10, "exam": 10},
    )  # fmt: skip
    assert scores["S1"]["star_level"] == "two_star"

    # S2: qa 90 -> 30; csat 0.9 -> 20; calls 100/100 = 1 -> 15; 1 complaint -> 15 - 7.5 =
    # 7.5; 0 lates -> 10; exam 90 -> 10; total 92.5 -> A, one-star +200; rank 2 but with a
    # valid complaint: no rising star.
    assert_score(
        marts, "star_level_pay", "S2", JAN, total=92.5, grade="A", rank_in_center=2, rank_in_team=2,
        bonus=200, points={"qa_score": 30, "csat": 20, "volume": 15, "complaints": 7.5,
        "punctuality": 10, "exam": 10},
    )  # fmt: skip
    assert scores["S2"]["star_level"] == "one_star"

    # S4 (team T_SL2): qa 82.5 -> 30 x 22.5/30 = 22.5; csat 0.9 -> 20; calls 110/100 = 1.1
    # -> 15; 0 complaints -> 15; 0 lates -> 10; exam 90 -> 10; total 92.5 -> ties S2 at
    # centre rank 2, first in its team; one-star +200, and rank 2 with no complaint:
    # rising star +50 (希望之星) -> 250.
    assert_score(
        marts, "star_level_pay", "S4", JAN, total=92.5, grade="A", rank_in_center=2, rank_in_team=1,
        bonus=250, points={"qa_score": 22.5, "csat": 20, "volume": 15, "complaints": 15,
        "punctuality": 10, "exam": 10},
    )  # fmt: skip
    assert scores["S4"]["star_level"] == "one_star"

    # S3: qa has 2 evaluations < 3 -> low sample, dropped (reweight); csat 0.72 (10 surveys)
    # -> 20 x 0.8 = 16; calls 60/100 = 0.6 -> 9; 1 complaint -> 7.5; 6 lates -> 10 - 12 ->
    # 0; exam 67.5 -> 10 x 7.5/30 = 2.5. Kept weight 70, raw 35 -> 35 x 100/70 = 50.
    # Published: the kept rows can give 28.57 (csat), 21.43 (complaints, volume), 14.29
    # (exam), 14.28 (punctuality) - cents by largest remainder, ties by rule id, 100.00 in
    # all - so csat 16 x 28.57/20 = 22.856 -> 22.86, volume 9 x 21.43/15 = 12.858 -> 12.86,
    # complaints 7.5 x 21.43/15 = 10.715 -> 10.72, exam 2.5 x 14.29/10 = 3.5725 -> 3.57;
    # total = their sum 50.01 (each rounded once, then added exactly) -> D, centre rank 4
    # (1, 2, 2, 4), team rank 3; below 80 no star: bonus 0.
    assert_score(
        marts, "star_level_pay", "S3", JAN, total=50.01, grade="D", rank_in_center=4,
        rank_in_team=3, bonus=0, points={"qa_score": None, "csat": 22.86, "volume": 12.86,
        "complaints": 10.72, "punctuality": 0, "exam": 3.57},
    )  # fmt: skip
    assert scores["S3"]["star_level"] is None

    # S5: 4 attendance days < 5 -> not eligible: a row with points (calls 1000/100 -> 15,
    # everything else full -> 100) but no grade, rank, star or bonus.
    assert scores["S5"]["eligible"] is False
    assert scores["S5"]["ineligible_reason"] == "attendance_days 4 < 5"
    assert_score(
        marts, "star_level_pay", "S5", JAN, total=100, grade=None, rank_in_center=None,
        rank_in_team=None, bonus=None,
    )  # fmt: skip
    assert scores["S5"]["star_level"] is None


def test_year_end_card(marts):
    # Ten eligible agents (Y11: 2 days < 5, ineligible): forced distribution allows A up to
    # rank 0.10 x 10 = 1 and A or B up to rank (0.10 + 0.30) x 10 = 4 (ranks shared by ties).
    # Centre average order value of the eligible agents: 8 x 110 + 120 (Y04) + 0 (Y10) =
    # 1000 / 10 = 100, so 110 -> 1.1 = target -> 5 points (Y11's 5000 is not averaged).
    # Bonus = 1000 x coefficient of the final grade (A 1.5, B 1.2, C 1.0, D 0.6).
    # Scored once a year, in December, from the year's values (November has no score).
    assert agent_scores(marts, "year_end_card", NOV) == {}
    scores = agent_scores(marts, "year_end_card", DEC)
    assert {row["period"] for row in scores.values()} == {"2024"}
    # Y01: task 0.5 -> 5 x 0.5 = 2.5 (-2.5) -> 97.5; rank 1 <= 1 -> A; 1000 x 1.5 = 1500.
    assert_score(
        marts, "year_end_card", "Y01", DEC, total=97.5, grade="A", rank_in_center=1, rank_in_team=1,
        bonus=1500,
    )  # fmt: skip
    # Y02: fcr 0.425 -> 15 x 0.5 = 7.5 (-7.5) -> 92.5 (A by score); rank 2 > 1 -> B; 1200.
    assert_score(
        marts, "year_end_card", "Y02", DEC, total=92.5, grade="B", rank_in_center=2, rank_in_team=2,
        bonus=1200,
    )  # fmt: skip
    # Y03: adopted 0 -> 0 (-5), ASA 240 s -> 10 x 120/240 = 5 (-5) -> 90 (A by score);
    # rank 3 > 1 -> B; 1200.
    assert_score(
        marts, "year_end_card", "Y03", DEC, total=90, grade="B", rank_in_center=3, rank_in_team=3,
        bonus=1200,
    )  # fmt: skip
    # Y04: cpi 45 -> 5 (-5), training 0.5 -> 2.5 (-2.5), QA 75 -> 15 x 15/30 = 7.5 (-7.5),
    # order value 120/100 = 1.2 >= 1.1 -> 5 -> 85 (B).
    # Y05: csat 0.45 -> 10 (-10), task 0.5 (-2.5), training 0.5 (-2.5) -> 85 (B).
    # Tie at the B quota boundary: both share rank 4 <= 4 -> both keep B; 1200 each.
    assert_score(
        marts, "year_end_card", "Y04", DEC, total=85, grade="B", rank_in_center=4, rank_in_team=4,
        bonus=1200,
    )  # fmt: skip
    assert_score(
        marts, "year_end_card", "Y05", DEC, total=85, grade="B", rank_in_center=4, rank_in_team=4,
        bonus=1200,
    )  # fmt: skip
    # Y06: csat 0.45 (-10), conversion 0.175 -> 5 (-5), cpi 45 (-5) -> 80 (B by score);
    # rank 6 > 4 -> C; 1000. First in team T_YE2.
    assert_score(
        marts, "year_end_card", "Y06", DEC, total=80, grade="C", rank_in_center=6, rank_in_team=1,
        bonus=1000,
    )  # fmt: skip
    # Y07: csat from 4 surveys in the year < 10 -> low sample, dropped; QA 60 -> 0 (-15), adopted 0
    # (-5): raw 80 - 20 = 60 of the kept 80 -> 60 x 100/80 = 75 -> C; 1000.
    assert_score(
        marts, "year_end_card", "Y07", DEC, total=75, grade="C", rank_in_center=7, rank_in_team=2,
        bonus=1000, points={"csat": None, "fcr": 18.75, "response_time": 12.5, "conversion": 12.5,
        "order_value": 6.25, "business_ability": 0, "communication": 12.5, "execution": 6.25,
        "learning": 6.25, "improvement": 0},
    )  # fmt: skip
    # Y08: csat 0 -> 0 (-20), cpi 0 -> 0 (-10) -> 70 -> C (>= 70); 1000.
    assert_score(
        marts, "year_end_card", "Y08", DEC, total=70, grade="C", rank_in_center=8, rank_in_team=3,
        bonus=1000,
    )  # fmt: skip
    # Y09: csat 0.45 (-10), fcr 0.425 (-7.5), QA 75 (-7.5), ASA 240 (-5), cpi 45 (-5) -> 65
    # -> D; 600.
    assert_score(
        marts, "year_end_card", "Y09", DEC, total=65, grade="D", rank_in_center=9, rank_in_team=4,
        bonus=600,
    )  # fmt: skip
    # Y10: order value 0 -> 0 (-5), csat 0 (-20), fcr 0.425 (-7.5), QA 75 (-7.5),
    # conversion 0.175 (-5), adopted 0 (-5) -> 50 -> D; 600.
    assert_score(
        marts, "year_end_card", "Y10", DEC, total=50, grade="D", rank_in_center=10, rank_in_team=5,
        bonus=600, points={"csat": 0, "fcr": 7.5, "response_time": 10, "conversion": 5,
        "order_value": 0, "business_ability": 7.5, "communication": 10, "execution": 5, "learning":
        5, "improvement": 0},
    )  # fmt: skip
    # Y11: ineligible; all full (5000/100 -> 5) -> 100, but no grade, rank or bonus.
    assert scores["Y11"]["eligible"] is False
    assert_score(
        marts, "year_end_card", "Y11", DEC, total=100, grade=None, rank_in_center=None,
        rank_in_team=None, bonus=None,
    )  # fmt: skip
    # Quotas: 1 A (10 %), 4 B (ties at the boundary) among 10 eligible agents.
    grades = [row["grade"] for row in scores.values() if row["eligible"]]
    assert (grades.count("A"), grades.count("B"), grades.count("C"), grades.count("D")) == (
        1, 4, 3, 2
    )  # fmt: skip


def test_tmk_telemarketing(marts):
    # Rules: work orders 40 and visits 40 linear floor 0.6 target 1; conversion 20 threshold
    # >= 0.3 (reweight when missing). No bonus base: bonus = money rules only:
    # commission 0.01 x sales_amount; -8 per work-order shortfall (> 0); -10 per visit
    # shortfall (> 0); -200 per valid complaint (> 0); -200 when survey_avg_rating <= 4.
    scores = agent_scores(marts, "tmk_telemarketing", JAN)
    assert set(scores) == {"K1", "K2", "K3"}
    # K1: work orders 1.0 -> 40; visits 0.9 -> 40 x 0.3/0.4 = 30; conversion 0.35 >= 0.3 ->
    # 20; total 90 -> A. Money: 20000 x 0.01 = 200; no shortfall, no complaint, rating 4.5
    # > 4 -> bonus 200.
    assert_score(
        marts, "tmk_telemarketing", "K1", JAN, total=90, grade="A", rank_in_center=1,
        rank_in_team=1, bonus=200, points={"work_orders": 40, "visits": 30, "conversion": 20},
    )  # fmt: skip
    # K3: work orders 0.7 -> 40 x 0.1/0.4 = 10; visits 1.2 -> 40 (clamped); conversion
    # missing -> dropped: 50 x 100/80 = 62.5 -> D. Money: no values -> no rule applies -> 0.
    assert_score(
        marts, "tmk_telemarketing", "K3", JAN, total=62.5, grade="D", rank_in_center=2,
        rank_in_team=2, bonus=0, points={"work_orders": 12.5, "visits": 50, "conversion": None},
    )  # fmt: skip
    # K2: work orders 0.8 -> 40 x 0.2/0.4 = 20; visits 0.5 < 0.6 -> 0; conversion 0.3 >= 0.3
    # -> 20; total 40 -> D. Money: 5000 x 0.01 = 50; visit shortfall 3 x -10 = -30 (from
    # the bonus only: 50 - 30 = 20 stays above the floor 0, no money_floor item); the
    # fines apply in full: 1 complaint x -200 and rating 4 <= 4 -> -200: -380 in all.
    assert_score(
        marts, "tmk_telemarketing", "K2", JAN, total=40, grade="D", rank_in_center=3,
        rank_in_team=3, bonus=-380, points={"work_orders": 20, "visits": 0, "conversion": 20},
    )  # fmt: skip
    assert pay_items(marts, "tmk_telemarketing", "K2", JAN) == {
        "commission": published(50),
        "visit_penalty": published(-30),
        "complaint_penalty": published(-200),
        "satisfaction_penalty": published(-200),
    }


def test_phone_manager_retention(marts):
    # The card's four items as its document writes them, 12 + 8 + 22 + 8 = 50 points,
    # normalised to 100 in the total (KPI x 100 / 50). Deduct rules (points = P - per_step
    # x ceil(shortfall / step), at least 0): retention 12, -3 per started 0.005 below the
    # month's target; churn 8, target 0.015 (lower is better), -4 per started 0.005 over;
    # bundling 22, -3 per started 0.01 below 0.40 (to February) or 0.45 (from March);
    # satisfaction 8, -2 per started 0.01 below 0.76 (Q1), 0.78 (Q2), 0.80 (H2). Retention's
    # target is 0.82, or last month's retention less the allowed decline (0.01 a month in
    # H1, 0.015 in H2) when that is higher. Targets recur every year. No bonus.
    feb = agent_scores(marts, "phone_manager_retention", FEB)
    assert {row["version"] for row in feb.values()} == {1}

    # February. P1: retention 0.81 (no January value: target 0.82) -> 0.01/0.005 = 2 steps
    # -> 12 - 6 = 6; churn 0.02 -> 1 step -> 8 - 4 = 4; bundling 0.42 >= 0.40 -> 22; csat
    # 0.76 -> 8; KPI 40 -> total 80 -> B.
    assert_score(
        marts, "phone_manager_retention", "P1", FEB, kpi_points=40, total=80, grade="B",
        rank_in_center=1, rank_in_team=1, bonus=0, points={"retention": 6, "churn": 4,
        "bundling": 22, "satisfaction": 8},
    )  # fmt: skip
    # P2: retention 0.83 -> 12; churn 0.01 -> 8; bundling 0.385 -> 0.015/0.01 = 1.5 ->
    # ceil 2 steps -> 22 - 6 = 16; csat 0.70 -> 6 steps -> 8 - 12 -> 0; KPI 36 -> 72 -> C.
    assert_score(
        marts, "phone_manager_retention", "P2", FEB, kpi_points=36, total=72, grade="C",
        rank_in_center=2, rank_in_team=2, bonus=0, points={"retention": 12, "churn": 8,
        "bundling": 16, "satisfaction": 0},
    )  # fmt: skip

    # March (bundling target 0.45). P1: retention 0.81, February's 0.81 - 0.01 = 0.80 is
    # below 0.82, so the target stays 0.82 -> 6; churn 4; bundling 0.42 -> 3 steps -> 22 - 9
    # = 13; csat 8; KPI 31 -> 62 -> D.
    assert_score(
        marts, "phone_manager_retention", "P1", MAR, total=62, grade="D", rank_in_center=2,
        rank_in_team=2, bonus=0, points={"retention": 6, "churn": 4, "bundling": 13,
        "satisfaction": 8},
    )  # fmt: skip
    # P2: retention 0.83 -> 12; churn 8; bundling 0.45 -> 22; csat 0.80 -> 8; KPI 50 -> 100.
    assert_score(
        marts, "phone_manager_retention", "P2", MAR, total=100, grade="A", rank_in_center=1,
        rank_in_team=1, bonus=0, points={"retention": 12, "churn": 8, "bundling": 22,
        "satisfaction": 8},
    )  # fmt: skip

    # A year later the same targets apply (no new seed rows). June 2025 (Q2): P1 retention
    # 0.87 -> 12, churn 8, bundling 0.45 -> 22, csat 0.78 (Q2 target) -> 8: 100.
    assert_score(
        marts, "phone_manager_retention", "P1", JUN_2025, total=100, bonus=0,
        points={"retention": 12, "churn": 8, "bundling": 22, "satisfaction": 8},
    )  # fmt: skip
    # July 2025 (H2): retention may fall 0.015 a month: June's 0.87 -> target 0.855; 0.84 is
    # 0.015 short -> 3 steps -> 12 - 9 = 3; csat 0.79 vs the H2 target 0.80 -> 1 step -> 6;
    # KPI 3 + 8 + 22 + 6 = 39 -> 78 -> C.
    assert_score(
        marts, "phone_manager_retention", "P1", JUL_2025, kpi_points=39, total=78, grade="C",
        bonus=0, points={"retention": 3, "churn": 8, "bundling": 22, "satisfaction": 6},
    )  # fmt: skip


def test_call_center_manager(marts):
    # Team card (grain team): every team of 2024-04 is scored; agent indicators (csat,
    # calls, complaint timeliness, fcr) are read as the team roll-up (grain team rows).
    # The document's weights, as written, add up to 95 (kpi_total 95); the total
    # normalises them to 100 (KPI x 100 / 95). Rules: plan 20 (target 1); cost budget 15,
    # lower is better, 15 x min(1 / v, 1); research plan 15 (1); process improvement 15
    # (0.9); csat 10 (0.9); volume 5, target 1 relative to the centre average of teams;
    # feedback timeliness 5 (0.95); collaboration 5 (90); fcr 5 (0.8). Centre average
    # calls: (300 + 100) / 2 = 200.
    scores = agent_scores(marts, "call_center_manager", APR)
    assert set(scores) == {"TC1", "TC2"}
    assert {row["grain"] for row in scores.values()} == {"team"}
    # TC1: plan 1 -> 20; cost 0.8 -> 15 x min(1.25, 1) = 15; research 1 -> 15; process 0.9
    # -> 15; csat 0.9 (team roll-up, not the lead's 0.1) -> 10; calls 300/200 = 1.5 -> 5;
    # timeliness 0.95 -> 5; collaboration 90 -> 5; fcr 0.8 -> 5: KPI 95 of 95 -> 100 -> A.
    assert_score(
        marts, "call_center_manager", "TC1", APR, kpi_points=95, total=100, grade="A",
        rank_in_center=1, rank_in_team=1, bonus=0, points={"plan_completion": 20, "cost_budget":
        15, "research_plan": 15, "process_improvement": 15, "satisfaction": 10, "volume": 5,
        "feedback_timeliness": 5, "collaboration": 5, "first_call_resolution": 5},
    )  # fmt: skip
    # TC2: plan 0.5 -> 10; cost 1.25 -> 15 x 0.8 = 12; research 0.75 -> 11.25; process
    # 0.45 -> 15 x 0.5 = 7.5; csat 0.45 -> 5; calls 100/200 = 0.5 -> 2.5; timeliness
    # missing -> dropped (reweight); collaboration 45 -> 2.5; fcr 0.4 -> 2.5.
    # Raw 53.25 of the kept 90: the kept rows share the section's 95, in cents by largest
    # remainder (ties by rule id): plan 21.11, cost/research/process 15.83, satisfaction
    # 10.56, volume/collaboration/fcr 5.28 (95.00 in all). Points: plan 10 x 21.11/20 =
    # 10.555 -> 10.56, cost 12 x 15.83/15 = 12.664 -> 12.66, research 11.8725 -> 11.87,
    # process 7.915 -> 7.92, satisfaction 5.28, volume/collaboration/fcr 2.64: KPI 56.21
    # of 95 -> total 56.21 x 100/95 = 59.168 -> 59.17 -> D.
    assert_score(
        marts, "call_center_manager", "TC2", APR, kpi_points=56.21, total=59.17, grade="D",
        rank_in_center=2, rank_in_team=1, bonus=0, points={"plan_completion": 10.56,
        "cost_budget": 12.66, "research_plan": 11.87, "process_improvement": 7.92,
        "satisfaction": 5.28, "volume": 2.64, "feedback_timeliness": None, "collaboration":
        2.64, "first_call_resolution": 2.64},
    )  # fmt: skip
    assert scores["TC2"]["eligible"] is True  # min_attendance_days 0 for team cards


def test_department_card(marts):
    # Total = (duties 37.5 + plan 37.5 + customer rating 25) x kpi_share 0.8
    # x key-indicator points / 100 (composition key_indicator_multiplier); a missing
    # key-indicator score counts full (100): the total is not multiplied.
    scores = agent_scores(marts, "department_card", MAY)
    assert set(scores) == {"TD1", "TD2", "TD3"}
    # TD1: duty 100 -> 37.5; plan 1 -> 37.5; rating 100 -> 25; KPI 100 x 0.8 = 80;
    # key indicator 100 -> x 1 -> 80 -> B.
    assert_score(
        marts, "department_card", "TD1", MAY, total=80, grade="B", rank_in_center=1, rank_in_team=1,
        bonus=0, points={"duties": 37.5, "plan": 37.5, "customer_rating": 25, "key_indicator": 100},
    )  # fmt: skip
    assert scores["TD1"]["kpi_points"] == published(100)
    # TD2: duty 80 -> 30; plan 0.8 -> 30; rating 60 -> 15; KPI 75 x 0.8 = 60;
    # key indicator 50 -> 60 x 50/100 = 30 -> D.
    assert_score(
        marts, "department_card", "TD2", MAY, total=30, grade="D", rank_in_center=3, rank_in_team=1,
        bonus=0, points={"duties": 30, "plan": 30, "customer_rating": 15, "key_indicator": 50},
    )  # fmt: skip
    assert scores["TD2"]["kpi_points"] == published(75)
    # TD3: duty 90 -> 33.75; plan 0.9 -> 33.75; rating 90 -> 22.5; KPI 90 x 0.8 = 72;
    # key indicator missing -> full 100 -> 72 x 1 = 72 -> C.
    assert_score(
        marts, "department_card", "TD3", MAY, total=72, grade="C", rank_in_center=2, rank_in_team=1,
        bonus=0, points={"duties": 33.75, "plan": 33.75, "customer_rating": 22.5, "key_indicator":
        100},
    )  # fmt: skip


def test_property_service_dept(marts):
    # Team card: csat 25 (target 0.9), QA 15 (floor 60, target 90), handling time 15
    # (lower, 15 x min(300 / v, 1)), reply timeliness 15 (0.95), problem resolution (fcr)
    # 10 (0.8), repair resolution 10 (0.95), teamwork 10 (90). kpi_share 1, default grades.
    # Quarterly: scored once, in September, the quarter's last month.
    assert agent_scores(marts, "property_service_dept", AUG) == {}
    scores = agent_scores(marts, "property_service_dept", SEP)
    assert set(scores) == {"TP1", "TP2", "TP3"}
    assert {row["period"] for row in scores.values()} == {"2024-Q3"}
    # TP1: 0.9 -> 25; 90 -> 15; 250 s -> 15 (300/250 > 1); 0.95 -> 15; 0.8 -> 10;
    # 0.95 -> 10; 90 -> 10; total 100 -> A.
    assert_score(
        marts, "property_service_dept", "TP1", SEP, total=100, grade="A", rank_in_center=1,
        rank_in_team=1, bonus=0, points={"owner_satisfaction": 25, "phone_service": 15,
        "handling_time": 15, "reply_timeliness": 15, "problem_resolution": 10, "repair_resolution":
        10, "teamwork": 10},
    )  # fmt: skip
    # TP3: 0.9 -> 25; 90 -> 15; 300 s -> 15; 0.95 -> 15; fcr 0.4 -> 10 x 0.5 = 5;
    # 0.95 -> 10; collaboration 0 -> 0; total 85 -> B.
    assert_score(
        marts, "property_service_dept", "TP3", SEP, total=85, grade="B", rank_in_center=2,
        rank_in_team=1, bonus=0,
    )  # fmt: skip
    # TP2: csat 0.72 -> 25 x 0.8 = 20; QA 75 -> 15 x 15/30 = 7.5; 600 s -> 15 x 300/600 =
    # 7.5; timeliness 0.76 -> 15 x 0.8 = 12; fcr 0.6 -> 10 x 0.75 = 7.5; repair 0.475 ->
    # 10 x 0.5 = 5; collaboration 45 -> 5; total 64.5 -> D.
    assert_score(
        marts, "property_service_dept", "TP2", SEP, total=64.5, grade="D", rank_in_center=3,
        rank_in_team=1, bonus=0, points={"owner_satisfaction": 20, "phone_service": 7.5,
        "handling_time": 7.5, "reply_timeliness": 12, "problem_resolution": 7.5,
        "repair_resolution": 5, "teamwork": 5},
    )  # fmt: skip
