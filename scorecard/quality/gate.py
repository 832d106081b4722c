"""The publication gate (SPEC §9): the checked-in GX suites run on the candidate marts.

Each suite names the dbt model (`dbt/models/gate/`, where sqlfluff and ref() see the SQL)
whose rows it validates and which of them: the months the run would publish, the file
loads since the last gate that passed, or all. The rows are read into pandas from the
connection the caller holds (GX's SQL datasource through duckdb-engine returns no rows)
and validated by Great Expectations with the suite as checked in.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from scorecard.settings import EXPECTATIONS_DIR

BLOCKING = "critical"
WARNING = "warning"
SAMPLE_ROWS = 10
ACCEPT_QUARANTINE = "accept_quarantine"
GATE_SCHEMA = "gate"  # dbt builds the batch models there (dbt/models/gate)
# Which rows of its model a suite validates.
SCOPES = ("months", "new_loads", "all")


@dataclass(frozen=True)
class Suite:
    name: str
    asset: str  # the model the suite is about, "marts/mart_agent_scores"
    description: str
    batch_model: str  # the dbt model of dbt/models/gate whose rows are validated
    scope: str  # months | new_loads | all
    expectations: tuple[dict, ...]
    path: Path

    def batch_sql(self, months: Sequence[str], last_passed_load_id: int) -> str:
        """The query of the rows this run validates."""
        relation = f"{GATE_SCHEMA}.{self.batch_model}"
        if self.scope == "months":
            listed = ", ".join(f"date '{month}-01'" for month in months) or "null"
            return f"select * from {relation} where month in ({listed})"
        if self.scope == "new_loads":
            return f"select * from {relation} where load_id > {int(last_passed_load_id)}"
        return f"select * from {relation}"

    def gx_suite(self, waivers: frozenset[str]):
        """The GX suite, with expectations waived by a run option demoted to warnings."""
        from great_expectations.core.expectation_suite import ExpectationSuite
        from great_expectations.expectations.expectation_configuration import (
            ExpectationConfiguration,
        )

        configs = []
        for expectation in self.expectations:
            waived = expectation.get("meta", {}).get("waived_by") in waivers
            configs.append(
                ExpectationConfiguration(
                    **{**expectation, "severity": WARNING if waived else expectation["severity"]}
                ).to_domain_obj()
            )
        return ExpectationSuite(name=self.name, expectations=configs)


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    suites = []
    for path in sorted(directory.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        meta = document.get("meta", {})
        missing = [key for key in ("asset", "batch_model", "scope") if not meta.get(key)]
        if missing:
            raise ValueError(f"{path}: meta needs {', '.join(missing)}")
        if meta["scope"] not in SCOPES:
            raise ValueError(f"{path}: scope must be one of {', '.join(SCOPES)}")
        for expectation in document["expectations"]:
            if expectation.get("severity") not in (BLOCKING, WARNING):
                raise ValueError(
                    f"{path}: {expectation['type']} needs severity critical or warning"
                )
        suites.append(
            Suite(
                name=document["name"],
                asset=meta["asset"],
                description=meta.get("description", ""),
                batch_model=meta["batch_model"],
                scope=meta["scope"],
                expectations=tuple(document["expectations"]),
                path=path,
            )
        )
    return suites


class GateMark:
    """The newest file load a passing gate has seen, kept inside the work database.

    Checks on new files (the quarantine share) look only at loads after it, so a bad file
    blocks every build until it is dealt with (a corrected file, or --accept-quarantine),
    and then never again. The mark lives in the database it describes: a recreated
    work.duckdb has no mark, so its first gate judges every file it holds.
    """

    TABLE = "gate.passed_runs"

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn

    def last_passed_load_id(self) -> int:
        exists = self.conn.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'gate' and table_name = 'passed_runs'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.conn.execute(
            f"select coalesce(max(last_load_id), 0) from {self.TABLE}"
        ).fetchone()[0]

    def advance(self, run_id: str) -> None:
        """Record that this run's gate passed over every load up to the newest."""
        self.conn.execute("create schema if not exists gate")
        self.conn.execute(
            f"create table if not exists {self.TABLE} ("
            "run_id varchar, passed_at timestamptz, last_load_id bigint)"
        )
        self.conn.execute(
            f"insert into {self.TABLE} select ?, current_timestamp, coalesce(max(load_id), 0) "
            "from staging.stg_warehouse__load_log",
            [run_id],
        )


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    arguments: dict
    severity: str
    why: str
    success: bool
    unexpected_count: int
    sample: list[dict]
    error: str | None = None

    def describe(self) -> str:
        arguments = ", ".join(f"{k}={v}" for k, v in self.arguments.items() if k != "batch_id")
        return f"{self.expectation}({arguments})"


@dataclass(frozen=True)
class SuiteOutcome:
    suite: Suite
    rows_checked: int
    expectations: list[ExpectationOutcome]

    @property
    def blocking_failures(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success and e.severity == BLOCKING]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success and e.severity == WARNING]


@dataclass(frozen=True)
class GateResult:
    months: tuple[str, ...]
    suites: list[SuiteOutcome] = field(default_factory=list)
    waivers: frozenset[str] = frozenset()

    @property
    def passed(self) -> bool:
        return not any(s.blocking_failures for s in self.suites)

    @property
    def blocking_failures(self) -> list[tuple[str, ExpectationOutcome]]:
        return [(s.suite.name, e) for s in self.suites for e in s.blocking_failures]

    @property
    def warnings(self) -> list[tuple[str, ExpectationOutcome]]:
        return [(s.suite.name, e) for s in self.suites for e in s.warnings]

    def summary(self) -> dict:
        """What the publication log records of the gate."""
        return {
            "result": "passed" if self.passed else "failed",
            "failed": [f"{suite}: {e.describe()}" for suite, e in self.blocking_failures],
            "warnings": [f"{suite}: {e.describe()}" for suite, e in self.warnings],
            "waived": sorted(self.waivers),
        }


def _plain(value: object) -> object:
    """A JSON- and HTML-friendly cell value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()[:10] if isinstance(value, date) else value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _sample(frame: pd.DataFrame, indexes: Sequence[int] | None) -> list[dict]:
    if not indexes:
        return []
    rows = frame.iloc[list(indexes)[:SAMPLE_ROWS]]
    return [{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")]


def run_gate(
    conn: duckdb.DuckDBPyConnection,
    months: Sequence[str],
    last_passed_load_id: int,
    suites: Sequence[Suite] | None = None,
    waivers: Iterable[str] = (),
    progress=print,
) -> GateResult:
    """Validate every suite's batch for the months a run would publish."""
    # Imported here: Great Expectations takes seconds to import, and only a gate needs it.
    import great_expectations as gx

    # GX logs every metric computation and draws progress bars; keep the build output short.
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    waivers = frozenset(waivers)
    suites = load_suites() if suites is None else suites
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    batches = context.data_sources.add_pandas("candidates")
    outcomes = []
    for suite in suites:
        frame = conn.execute(suite.batch_sql(months, last_passed_load_id)).df()
        asset = batches.add_dataframe_asset(suite.name)
        batch = asset.add_batch_definition_whole_dataframe("candidate").get_batch(
            batch_parameters={"dataframe": frame}
        )
        validation = batch.validate(
            suite.gx_suite(waivers), result_format={"result_format": "COMPLETE"}
        )
        expectations = []
        for result in validation.results:
            config = result.expectation_config
            error = None
            if result.exception_info and result.exception_info.get("raised_exception"):
                error = result.exception_info.get("exception_message")
            expectations.append(
                ExpectationOutcome(
                    expectation=config.type,
                    arguments=dict(config.kwargs),
                    severity=str(config.severity.value),
                    why=(config.meta or {}).get("why", ""),
                    success=bool(result.success),
                    unexpected_count=int(result.result.get("unexpected_count") or 0),
                    sample=_sample(frame, result.result.get("unexpected_index_list")),
                    error=error,
                )
            )
        outcome = SuiteOutcome(suite, len(frame), expectations)
        status = (
            "FAILED" if outcome.blocking_failures else ("warning" if outcome.warnings else "passed")
        )
        progress(f"gate: {suite.name} ({len(frame)} rows): {status}")
        outcomes.append(outcome)
    return GateResult(months=tuple(months), suites=outcomes, waivers=waivers)
