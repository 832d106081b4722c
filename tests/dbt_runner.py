"""Run dbt on a project directory (the real one, or a test's modified copy)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from scorecard.dbt_runner import dbt_executable, months_environment


def run_dbt(
    project: Path, database: Path, *args: str, check: bool = True, months: Sequence[str] = ()
) -> subprocess.CompletedProcess:
    """`dbt <args>` in `project` against `database`; with check, fails the test on error.
    months: the months to build (the environment a build's dbt gets, months_environment);
    every var, the indicator models among them, is the project's own (its dbt_project.yml)."""
    completed = subprocess.run(
        [dbt_executable(), *args],
        cwd=project,
        env={
            **os.environ,
            **months_environment(months),
            "SCORECARD_DUCKDB_PATH": str(database),
            "DO_NOT_TRACK": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert completed.returncode == 0, completed.stdout[-4000:]
    return completed
