"""Run dbt on a project directory (the real one, or a test's modified copy)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from scorecard.dbt_runner import dbt_executable


def run_dbt(
    project: Path, database: Path, *args: str, check: bool = True, extra_vars: dict | None = None
) -> subprocess.CompletedProcess:
    """`dbt <args>` in `project` against `database`; with check, fails the test on error.
    extra_vars (e.g. months_to_build) are passed with --vars; every other var, the indicator
    models among them, is the project's own (its dbt_project.yml)."""
    vars_args = ["--vars", json.dumps(extra_vars)] if extra_vars else []
    completed = subprocess.run(
        [dbt_executable(), *args, *vars_args],
        cwd=project,
        env={**os.environ, "SCORECARD_DUCKDB_PATH": str(database), "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert completed.returncode == 0, completed.stdout[-4000:]
    return completed
