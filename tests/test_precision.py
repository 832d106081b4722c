"""The precision policy (docs/scoring.md): outcomes are decided from the published values.

Totals are published to 2 decimals, rounded half up once; grades and ranks are decided
from that published total, so two agents whose unrounded totals differ only beyond the
second decimal share their rank and grade, exactly as the report shows them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.scoring_harness import ScoringInput, agent_scores, score

MONTH = date(2024, 3, 1)
# call_center_kpi_cpi: total = 0.8 × KPI + 0.2 × CPI. These values give every KPI row its
# full points (KPI 100 → 80), so total = 80 + 0.2 × cpi_score (CPI rule: linear, target 100).
FULL_KPI = {
    "qa_avg_score": (90, 5),
    "csat_rate": (0.9, 20),
    "calls_per_hour": 10,
    "utilization": 0.8,
    "valid_complaints": 0,
    "exam_score": 90,
}
CPI_SCORES = {"R1": 49.98, "R2": 49.99, "R3": 49.96}


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, dict]:
    data = ScoringInput()
    for agent_id, cpi in CPI_SCORES.items():
        data.agent(agent_id, "TR", "agent", MONTH)
        data.value(agent_id, MONTH, "attendance_days", 20)
        data.value(agent_id, MONTH, "cpi_score", cpi)
        for code, item in FULL_KPI.items():
            value, denominator = item if isinstance(item, tuple) else (item, None)
            numerator = value * denominator if denominator else value
            data.value(agent_id, MONTH, code, value, numerator=numerator, denominator=denominator)
    with score(tmp_path_factory.mktemp("precision"), data) as conn:
        yield agent_scores(conn, "call_center_kpi_cpi", MONTH)


def test_totals_equal_when_published_share_rank_and_grade(scores):
    # Unrounded: R1 80 + 9.996 = 89.996, R2 80 + 9.998 = 89.998 (a B, and ranked below R2
    # if ranked unrounded). Published: both 90.00, so both A and both rank 1; R3 89.992 is
    # 89.99, a B, rank 3 (competition ranking).
    assert {agent: row["total_score"] for agent, row in scores.items()} == {
        "R1": Decimal("90.00"),
        "R2": Decimal("90.00"),
        "R3": Decimal("89.99"),
    }
    assert {agent: (row["grade"], row["rank_in_center"]) for agent, row in scores.items()} == {
        "R1": ("A", 1),
        "R2": ("A", 1),
        "R3": ("B", 3),
    }
    assert {agent: row["cpi_points"] for agent, row in scores.items()} == {
        "R1": Decimal("49.98"),
        "R2": Decimal("49.99"),
        "R3": Decimal("49.96"),
    }


def test_every_published_number_has_its_documented_decimals(scores):
    for row in scores.values():
        for column in ("kpi_points", "cpi_points", "adjustment_points", "total_score"):
            assert row[column].as_tuple().exponent == -2, column
