"""What `scorecard build` prints after the job: per-file loads, dbt results, a glance at
the facts and the ranking. Read from the work database with one read-only connection."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scorecard.publishing.last_build import read_skip_note

DEMO_SCHEME = "call_center_kpi_cpi"
# A glance at the wide fact; its columns follow the catalog, so absent ones are skipped.
PREVIEW_COLUMNS = (
    "agent_id",
    "month",
    "team_id",
    "role",
    "calls_handled",
    "aht_seconds",
    "answer_rate",
    "fcr_rate",
    "qa_avg_score",
    "csat_rate",
    "attendance_days",
    "cpi_score",
)


def text_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns: numbers right, text left; floats with 3 decimals unless whole."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.0f}" if value.is_integer() else f"{value:.3f}"
        return str(value)

    cells = [list(columns)] + [[cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    numeric = [
        all(isinstance(row[i], int | float) for row in rows if row[i] is not None)
        for i in range(len(columns))
    ]
    return "\n".join(
        "  ".join(
            text.rjust(width) if is_number else text.ljust(width)
            for text, width, is_number in zip(row, widths, numeric, strict=True)
        ).rstrip()
        for row in cells
    )


def _query_table(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> str:
    cursor = conn.execute(sql, params or [])
    columns = [column[0] for column in cursor.description]
    return text_table(columns, cursor.fetchall())


def _has_table(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return (
        conn.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
        > 0
    )


def load_table(conn: duckdb.DuckDBPyConnection, batch_id: str) -> str:
    """One line per file of the batch: status, counts, and reasons or the error."""
    return _query_table(
        conn,
        "select file_path as file, status, rows_read as read, rows_loaded as loaded, "
        "rows_duplicate as dupes, rows_quarantined as quarantined, "
        "concat_ws('; ', case when encoding <> 'utf-8' then 'read as ' || encoding end, "
        "case when status = 'loaded' then nullif(quarantine_reasons, '{}') else error end) "
        "as detail from raw.load_log where batch_id = ? order by load_id",
        [batch_id],
    )


def dbt_outcome(
    conn: duckdb.DuckDBPyConnection, run_results: Path, since: datetime | None = None
) -> tuple[dict[str, int], list[str]]:
    """Counts of dbt node statuses, and lines for each node that did not pass.

    A failed test that stores its failures (the scheme validations do) also shows its
    first rows, which say what is wrong with the seed. Results dbt wrote before `since`
    (the run's start) are an earlier run's: a run that stopped before dbt has none.
    """
    if not run_results.exists():
        return {}, []
    results = json.loads(run_results.read_text())
    generated_at = datetime.fromisoformat(results["metadata"]["generated_at"])
    if since is not None and generated_at.replace(tzinfo=generated_at.tzinfo or UTC) < since:
        return {}, []
    counts: dict[str, int] = {}
    problems = []
    for result in results["results"]:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
        if result["status"] in ("success", "pass", "skipped"):
            continue
        message = " ".join((result.get("message") or "").strip().splitlines())[:300]
        problems.append(f"{result['status']}: {result['unique_id']}: {message}")
        if result["status"] == "fail" and result.get("relation_name"):
            cursor = conn.execute(f"select * from {result['relation_name']} limit 5")
            names = [column[0] for column in cursor.description]
            problems += [
                "    "
                + ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True) if v is not None)
                for row in cursor.fetchall()
            ]
    return counts, problems


def staged_counts(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Rows in each staging model: what the build made available downstream."""
    names = conn.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'staging' order by table_name"
    ).fetchall()
    return [
        (name, conn.execute(f'select count(*) from staging."{name}"').fetchone()[0])
        for (name,) in names
    ]


def agent_monthly_preview(conn: duckdb.DuckDBPyConnection, limit: int = 5) -> str:
    """The first agents with calls in marts.fct_agent_monthly."""
    existing = {
        name
        for (name,) in conn.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_agent_monthly'"
        ).fetchall()
    }
    columns = [c for c in PREVIEW_COLUMNS if c in existing]
    if "calls_handled" not in columns:
        return ""
    return _query_table(
        conn,
        f"select {', '.join(columns)} from marts.fct_agent_monthly "
        f"where calls_handled > 0 order by month, agent_id limit {limit}",
    )


def ranking_preview(
    conn: duckdb.DuckDBPyConnection, scheme_id: str = DEMO_SCHEME, limit: int = 5
) -> str:
    """The top of the latest month's ranking under one scheme."""
    if not _has_table(conn, "marts", "mart_agent_scores"):
        return ""
    return _query_table(
        conn,
        "select month, rank_in_center as rank, agent_id, team_id, "
        "round(kpi_points, 1) as kpi, round(cpi_points, 1) as cpi, "
        "round(total_score, 2) as total, grade, bonus_amount "
        "from marts.mart_agent_scores where scheme_id = ? and eligible "
        "and month = (select max(month) from marts.mart_agent_scores where scheme_id = ?) "
        f"order by rank_in_center, agent_id limit {limit}",
        [scheme_id, scheme_id],
    )


def print_summary(
    work_database: Path,
    run_results: Path,
    batch_id: str,
    succeeded: bool,
    run_started_at: datetime | None = None,
) -> None:
    """Everything a build prints after the job; the facts only when its dbt build succeeded.

    A night dbt skipped (nothing new) prints no facts: they are the last build's, and
    counting the staging views costs seconds at 1,000 agents × 12 months."""
    with duckdb.connect(str(work_database), read_only=True) as conn:
        print(f"Loaded files (batch {batch_id}):")
        print(load_table(conn, batch_id))
        counts, problems = dbt_outcome(conn, run_results, since=run_started_at)
        if counts:
            print("dbt build: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
        for problem in problems:
            print("  " + problem)
        if not succeeded or not counts:
            return
        print("Staged rows:")
        for name, count in staged_counts(conn):
            print(f"  {name:<45} {count:>10,}")
        for title, table in (
            ("fct_agent_monthly (first rows):", agent_monthly_preview(conn)),
            (f"Ranking under {DEMO_SCHEME} (top of the latest month):", ranking_preview(conn)),
        ):
            if table:
                print(title)
                print(table)


def print_outcome(report_dir: Path, published_database: Path, restate_hint: str) -> None:
    """The gate's verdict and what was published or held, from the run's report files."""
    skipped = read_skip_note(report_dir)
    if skipped:
        print(f"Nothing new: {skipped}. dbt, the gate and publication did not run.")
        print(f"Published files (unchanged): {published_database}")
        return
    gate_file, publication_file = report_dir / "gate.json", report_dir / "publication.json"
    if gate_file.exists():
        gate = json.loads(gate_file.read_text())
        warnings = f", {len(gate['warnings'])} warning(s)" if gate["warnings"] else ""
        print(f"Gate: {gate['result']}{warnings} (report: {report_dir / 'gate.html'})")
        for line in gate["failed"]:
            print(f"  FAILED {line}")
        for line in gate["warnings"]:
            print(f"  warning {line}")
    if not publication_file.exists():
        print("Nothing published: the published files are unchanged.")
        return
    outcome = json.loads(publication_file.read_text())
    if outcome["publication_id"]:
        months = ", ".join(f"{m} {s}" for m, s in outcome["statuses"].items())
        restated = f" (restates {outcome['restated_month']})" if outcome["restated_month"] else ""
        print(f"Published publication {outcome['publication_id']}{restated}: {months}")
    else:
        print("Nothing new to publish.")
    if outcome.get("unchanged"):
        print(f"  unchanged since their last publication: {', '.join(outcome['unchanged'])}")
    for month, change in outcome["held"].items():
        late = ", ".join(f"{source} {rows}" for source, rows in change["late_rows"].items())
        print(
            f"  held: {month} is final (publication {change['publication_id']}); rows loaded "
            f"since: {late or 'none'}; scores that would change: {change['changed_scores']}. "
            f"To publish them: {restate_hint.format(month=month)}"
        )
    if outcome["future"]:
        print(f"  not published before they begin: {', '.join(outcome['future'])}")
    if outcome["not_requested"]:
        print(f"  not in this run's months: {', '.join(outcome['not_requested'])}")
    print(f"Published files: {published_database} (and Parquet beside it, published/)")
