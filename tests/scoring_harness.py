"""Score hand-made indicator values with the shipped scheme seeds.

The scoring models read two upstream relations: `intermediate.int_agents__months` (who
is employed, in which team and role) and `intermediate.int_indicator_values__all_grains`
(every indicator value). A test writes those two tables by hand, `dbt seed` loads the real
seeds, and `dbt run` builds only the scoring models, so every expected number in a test
can be worked out with a pencil from the rows the test wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from scorecard.settings import DBT_PROJECT_DIR
from tests.dbt_runner import run_dbt

SCORING_SELECTION = ["path:models/intermediate/scoring", "path:models/marts/scoring"]


@dataclass
class ScoringInput:
    """Agents and indicator values of a hand-made month (or months)."""

    agents: list[tuple[str, str, str, date]] = field(default_factory=list)
    values: list[tuple[str, str, date, str, float | None, float | None, float | None]] = field(
        default_factory=list
    )

    def agent(self, agent_id: str, team_id: str, role: str, month: date) -> None:
        self.agents.append((agent_id, team_id, role, month))

    def value(
        self,
        entity_id: str,
        month: date,
        code: str,
        value: float | None,
        *,
        grain: str = "agent",
        numerator: float | None = None,
        denominator: float | None = None,
    ) -> None:
        self.values.append(
            (
                entity_id,
                grain,
                month,
                code,
                numerator if numerator is not None else value,
                denominator,
                value,
            )
        )


def score(workdir: Path, scoring_input: ScoringInput) -> duckdb.DuckDBPyConnection:
    """Build the scoring marts for the input; returns a read-only connection to them."""
    database = workdir / "scoring.duckdb"
    target = workdir / "dbt_target"
    run_dbt(DBT_PROJECT_DIR, database, "seed", "--target-path", str(target))
    with duckdb.connect(str(database)) as conn:
        conn.execute("create schema if not exists intermediate")
        conn.execute(
            "create or replace table intermediate.int_agents__months ("
            "agent_id varchar, month date, agent_name varchar, team_id varchar, "
            "role varchar, site varchar, employed_from date, employed_until date)"
        )
        conn.executemany(
            "insert into intermediate.int_agents__months values (?, ?, ?, ?, ?, 'site', ?, null)",
            [(a, m, a, t, r, m) for a, t, r, m in scoring_input.agents],
        )
        conn.execute(
            "create or replace table intermediate.int_indicator_values__all_grains ("
            "entity_id varchar, grain varchar, month date, indicator_code varchar, "
            "numerator double, denominator double, value double)"
        )
        conn.executemany(
            "insert into intermediate.int_indicator_values__all_grains "
            "values (?, ?, ?, ?, ?, ?, ?)",
            scoring_input.values,
        )
    run_dbt(
        DBT_PROJECT_DIR,
        database,
        "run",
        "--select",
        *SCORING_SELECTION,
        "--target-path",
        str(target),
    )
    return duckdb.connect(str(database), read_only=True)


# Reading the marts back: shared by the scheme tests.

_FIELD_ALIASES = {"total": "total_score", "bonus": "bonus_amount"}


def agent_scores(conn: duckdb.DuckDBPyConnection, scheme_id: str, month: date) -> dict[str, dict]:
    """Every mart_agent_scores row of a scheme-month, keyed by agent_id."""
    cursor = conn.execute(
        "select * from marts.mart_agent_scores where scheme_id = ? and month = ?",
        [scheme_id, month],
    )
    columns = [column[0] for column in cursor.description]
    return {
        row[columns.index("agent_id")]: dict(zip(columns, row, strict=True))
        for row in cursor.fetchall()
    }


def agent_score(
    conn: duckdb.DuckDBPyConnection, scheme_id: str, agent_id: str, month: date
) -> dict:
    """The one mart_agent_scores row of an agent (or team) in a scheme-month."""
    rows = agent_scores(conn, scheme_id, month)
    assert agent_id in rows, (scheme_id, agent_id, month)
    return rows[agent_id]


def _rule_column(
    conn: duckdb.DuckDBPyConnection, column: str, scheme_id: str, agent_id: str, month: date
) -> dict[str, float | None]:
    rows = conn.execute(
        f"select rule_id, {column} from marts.mart_indicator_scores "
        "where scheme_id = ? and month = ? and agent_id = ?",
        [scheme_id, month, agent_id],
    ).fetchall()
    return dict(rows)


def pay_items(
    conn: duckdb.DuckDBPyConnection, scheme_id: str, agent_id: str, month: date
) -> dict[str, Decimal]:
    """item -> amount of one entity's mart_pay_items in a scheme-month."""
    rows = conn.execute(
        "select item, amount from marts.mart_pay_items "
        "where scheme_id = ? and agent_id = ? and month = ?",
        [scheme_id, agent_id, month],
    ).fetchall()
    return dict(rows)


def rule_points(
    conn: duckdb.DuckDBPyConnection, scheme_id: str, agent_id: str, month: date
) -> dict[str, float | None]:
    """rule_id -> points of one agent in a scheme-month (mart_indicator_scores)."""
    return _rule_column(conn, "points", scheme_id, agent_id, month)


def rule_values(
    conn: duckdb.DuckDBPyConnection, scheme_id: str, agent_id: str, month: date
) -> dict[str, float | None]:
    """rule_id -> indicator value read by the rule, of one agent in a scheme-month."""
    return _rule_column(conn, "value", scheme_id, agent_id, month)


def published(number: float, places: int = 2) -> Decimal:
    """A hand-computed number as the warehouse publishes it: rounded half up to `places`
    decimals (docs/scoring.md, Precision). 16.665 → 16.67, however binary floats hold it."""
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def expected_number(want: float, got: object) -> object:
    """What `got` must equal: a published decimal is the hand value rounded to its places."""
    if isinstance(got, Decimal):
        return published(want, -got.as_tuple().exponent)
    return pytest.approx(want)


def approx_points(expected: dict[str, float | None]) -> dict:
    """Expected rule points for `==`: the hand values as published (2 decimals), None exactly."""
    return {
        rule: (None if points is None else published(points)) for rule, points in expected.items()
    }


def assert_fields(row: dict, label: object = None, **expected: object) -> None:
    """Compare columns of a score row: numbers as published (see expected_number), None /
    bools with `is`, anything else with `==`. `total` and `bonus` stand for total_score and
    bonus_amount."""
    for name, want in expected.items():
        column = _FIELD_ALIASES.get(name, name)
        got = row[column]
        if want is None or isinstance(want, bool):
            assert got is want, (label, column, got)
        elif isinstance(want, (int, float)):
            assert got == expected_number(want, got), (label, column, got)
        else:
            assert got == want, (label, column)


def assert_score(
    conn: duckdb.DuckDBPyConnection,
    scheme_id: str,
    agent_id: str,
    month: date,
    *,
    points: dict[str, float | None] | None = None,
    **expected: object,
) -> dict:
    """Assert the agent's score-row fields (see assert_fields) and, when given, its exact
    rule -> points map. Returns the row."""
    row = agent_score(conn, scheme_id, agent_id, month)
    assert_fields(row, agent_id, **expected)
    if points is not None:
        got = rule_points(conn, scheme_id, agent_id, month)
        assert got == approx_points(points), (agent_id, got)
    return row


def assert_scheme(
    conn: duckdb.DuckDBPyConnection,
    scheme_id: str,
    month: date,
    expected: dict[str, dict],
    *,
    points: dict[str, dict[str, float | None]],
) -> None:
    """The scheme-month scores exactly the agents of `expected`, each with its fields and,
    for the agents in `points`, its exact rule -> points map."""
    assert set(agent_scores(conn, scheme_id, month)) == set(expected)
    for agent_id, fields in expected.items():
        assert_score(conn, scheme_id, agent_id, month, points=points.get(agent_id), **fields)
