"""Run dbt on a project directory (the real one, or a test's modified copy)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from scorecard.dbt_runner import dbt_executable, indicator_models


def project_vars(project: Path, extra: dict | None = None) -> str:
    """The vars a build passes, with the indicator models of this project's own catalog."""
    catalog = (project / "seeds" / "indicator_catalog.csv").read_text(encoding="utf-8")
    return json.dumps(
        {
            "center_timezone": "Asia/Shanghai",
            "indicator_models": indicator_models(catalog),
            **(extra or {}),
        }
    )


def run_dbt(
    project: Path, database: Path, *args: str, check: bool = True, extra_vars: dict | None = None
) -> subprocess.CompletedProcess:
    """`dbt <args>` in `project` against `database`; with check, fails the test on error.
    extra_vars are added to the build's vars (e.g. months_to_build)."""
    completed = subprocess.run(
        [dbt_executable(), *args, "--vars", project_vars(project, extra_vars)],
        cwd=project,
        env={**os.environ, "SCORECARD_DUCKDB_PATH": str(database), "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert completed.returncode == 0, completed.stdout[-4000:]
    return completed
