"""What the last complete night covered, so that the next one builds only what moved.

A night is complete when its publication step ended without error (published, or found
nothing new to publish). It is recorded in the work database, with the fingerprint of the
dbt project and vars it was built with (scorecard/dbt_runner.py) and the newest file load it saw.
The next night then (docs/incremental.md, issue 16):

* skips dbt, the gate and publication when no file brought rows since, the project is the
  same and no month changes status (a month closing at its close day publishes as final);
* otherwise rebuilds only the months the new loads drag in
  (`intermediate.int_warehouse__months_to_rebuild`);
* rebuilds everything from scratch (`--full-refresh`) when the project or vars changed,
  when nothing is recorded (a new or recreated work database), or when asked to
  (`scorecard build --full-rebuild`); a history longer than the setting
  SCORECARD_FIRST_BUILD_MONTHS_PER_RUN is then built that many months per dbt run.

A restatement and a run with `--accept-quarantine` always build: the operator asked for
that run's publication.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from scorecard.contract import SOURCES

_TABLE = "build_state.last_complete_build"
_DBT_TABLE = "build_state.last_dbt_build"
# Written into the run's report folder when dbt is skipped; the CLI prints it.
SKIP_NOTE = "dbt_skipped.json"


def write_skip_note(report_dir: Path, reason: str) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / SKIP_NOTE).write_text(json.dumps({"reason": reason}), encoding="utf-8")


def read_skip_note(report_dir: Path) -> str | None:
    note = report_dir / SKIP_NOTE
    return json.loads(note.read_text(encoding="utf-8"))["reason"] if note.exists() else None


@dataclass(frozen=True)
class LastBuild:
    fingerprint: str
    last_load_id: int


@dataclass(frozen=True)
class DbtWork:
    """What tonight's dbt step does: nothing (skip_reason), everything, or some months."""

    skip_reason: str | None = None
    full_refresh: bool = False
    months: tuple[str, ...] = ()  # empty: every month
    # A full refresh of a long history: the row-level tables are built this many months
    # per dbt run (scorecard/dbt_runner.py, build_all_but_the_last_months); 0: every month
    # in one run.
    months_per_run: int = 0

    def describe(self) -> str:
        if self.skip_reason:
            return f"dbt skipped: {self.skip_reason}"
        if self.full_refresh and self.months_per_run:
            return (
                "dbt rebuilds every model from all history (--full-refresh), "
                f"{self.months_per_run} month(s) per run"
            )
        if self.full_refresh:
            return "dbt rebuilds every model from all history (--full-refresh)"
        if self.months:
            return f"dbt rebuilds the months {', '.join(m[:7] for m in self.months)}"
        return "dbt rebuilds every month"


def read_last_build(conn: duckdb.DuckDBPyConnection) -> LastBuild | None:
    try:
        row = conn.execute(f"select fingerprint, last_load_id from {_TABLE}").fetchone()
    except duckdb.CatalogException:  # no night completed in this work database
        return None
    return LastBuild(*row) if row else None


def record_dbt_build(conn: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """Called when a dbt build succeeded: what its tables were built with."""
    conn.execute("create schema if not exists build_state")
    conn.execute(f"create or replace table {_DBT_TABLE} as select ? as fingerprint", [fingerprint])


def forget_complete_build(conn: duckdb.DuckDBPyConnection) -> None:
    """Called as a publication step starts: until it ends well, the night is not complete.
    A step that fails or is killed half-way (a gate failure, a crash between commit and
    swap) thus leaves no record, and the next night builds and publishes in full, which
    repairs what it left."""
    conn.execute(f"drop table if exists {_TABLE}")


def record_complete_build(conn: duckdb.DuckDBPyConnection) -> None:
    """Called at the end of a successful publication step: the night covered every load,
    with the project of the last successful dbt build (not of this process: the
    publication can be materialized alone, after a code change, without dbt)."""
    try:
        conn.execute(
            f"create or replace table {_TABLE} as select fingerprint, "
            "(select coalesce(max(load_id), 0) from raw.load_log) as last_load_id "
            f"from {_DBT_TABLE}"
        )
    except duckdb.CatalogException:  # no dbt build succeeded in this work database
        return


def plan_dbt_work(
    conn: duckdb.DuckDBPyConnection,
    fingerprint: str,
    *,
    forced: str | None,
    full_rebuild: bool,
    status_changes: Callable[[], list[str]],
    first_build_months_per_run: int = 0,
) -> DbtWork:
    """Decide tonight's dbt work from the last complete night (see the module docstring).

    forced: why this run must build and publish whatever happened (restatement, waiver).
    status_changes: the months whose publication status tonight differs from their latest
    publication (asked only once the marts of a complete night are known to exist).
    first_build_months_per_run: a full refresh of a history spanning more months is built
    that many months per dbt run (0: never).
    """
    last = read_last_build(conn)
    if full_rebuild or last is None or last.fingerprint != fingerprint:
        per_run = first_build_months_per_run
        if per_run and history_months(conn) > per_run:
            return DbtWork(full_refresh=True, months_per_run=per_run)
        return DbtWork(full_refresh=True)
    new_loads = conn.execute(
        "select count(*) from raw.load_log where load_id > ? and status <> 'skipped'",
        [last.last_load_id],
    ).fetchone()[0]
    if not new_loads and not forced and not status_changes():
        return DbtWork(
            skip_reason=f"no file brought rows since load {last.last_load_id}, the dbt "
            "project is the same and no month changes status"
        )
    months = tuple(
        str(month)
        for (month,) in conn.execute(
            "select distinct month from intermediate.int_warehouse__months_to_rebuild "
            "where load_id > ? order by 1",
            [last.last_load_id],
        ).fetchall()
    )
    return DbtWork(months=months)


def history_months(conn: duckdb.DuckDBPyConnection) -> int:
    """How many calendar months the loaded rows span, first to last, by the column that
    dates each source's rows (contract.py). Read in UTC, so it may differ by one from the
    center's local months: it only decides whether a full refresh goes month by month;
    the months built are counted from the staged rows (dbt_runner.staged_months)."""
    first = last = None
    for source in SOURCES:
        if source.dated_by is None:
            continue
        column = source.dated_by
        try:
            low, high = conn.execute(
                f'select cast(min("{column}") as date), cast(max("{column}") as date) '
                f"from raw.{source.name}"
            ).fetchone()
        except duckdb.CatalogException:  # a source never loaded
            continue
        if low is not None:
            first = low if first is None else min(first, low)
            last = high if last is None else max(last, high)
    if first is None:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1
