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
from pathlib import Path

import duckdb

from dagster_project.settings import DBT_PROJECT_DIR
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
