"""Whether the candidates in the work database may be judged by the gate at all.

The gate validates what dbt left in the work database. `dbt build` writes a model before
its tests run, so a build that failed half-way leaves candidates that look complete; and
files loaded after the last build are not in the candidates yet. Publication therefore
also needs the latest dbt invocation on this warehouse to have built every published
model, with every model and test passing, after the newest file was loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

# dbt statuses of a node that built or passed (a `warn` test reports but does not block).
PASSING_STATUSES = frozenset({"success", "pass", "warn"})


def _utc(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(UTC)


def stale_candidates_reason(
    work: duckdb.DuckDBPyConnection, run_results: Path, published_models: Iterable[str]
) -> str | None:
    """Why the candidates cannot be published (None when they can)."""
    if not run_results.exists():
        return "no dbt build has run on this warehouse: run scorecard build"
    document = json.loads(run_results.read_text(encoding="utf-8"))
    results = document.get("results", [])
    failed = [r["unique_id"] for r in results if r["status"] not in PASSING_STATUSES]
    if failed:
        shown = ", ".join(failed[:3]) + (f" and {len(failed) - 3} more" if len(failed) > 3 else "")
        return f"the last dbt build did not pass ({shown}): fix it and run scorecard build"
    built = {r["unique_id"].rsplit(".", 1)[-1] for r in results if r["status"] == "success"}
    missing = sorted(set(published_models) - built)
    if missing:
        return (
            f"the last dbt build did not build {', '.join(missing)}: "
            "run scorecard build (or materialize the dbt models with the publication)"
        )
    started = _utc(document["metadata"]["invocation_started_at"])
    (newest_load,) = work.execute(
        "select max(finished_at) from raw.load_log where status = 'loaded'"
    ).fetchone()
    if newest_load is not None and newest_load.replace(tzinfo=UTC) > started:
        return (
            f"files were loaded at {newest_load:%Y-%m-%d %H:%M:%S} UTC, after the last dbt "
            f"build started ({started:%Y-%m-%d %H:%M:%S} UTC): run scorecard build"
        )
    return None
