"""Run dbt on a project directory (the real one, or a test's modified copy)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from scorecard.dbt_runner import (
    DBT_OUTPUT_FOLDERS,
    PARTIAL_PARSE_FILE,
    dbt_executable,
    months_environment,
    reuse_saved_parse,
)
from scorecard.settings import DBT_PROJECT_DIR

# The target folder of this worker's last run on a database of each file name (the
# launcher names the database by its file name, so the profile, and with it dbt's saved
# parse, is the same for every database of that name). A run in a new target folder (a
# project copy, a --target-path of its own) starts from that parse: 13 s of full parse
# saved per run, most of a small test's time.
_last_target: dict[str, Path] = {}


def copy_project(destination: Path) -> Path:
    """The dbt project's files at `destination`, for a test that changes them: without
    what dbt wrote in it (target, logs), so nothing of another run comes along."""
    shutil.copytree(
        DBT_PROJECT_DIR, destination, ignore=shutil.ignore_patterns(*DBT_OUTPUT_FOLDERS)
    )
    return destination


def run_dbt(
    project: Path, database: Path, *args: str, check: bool = True, months: Sequence[str] = ()
) -> subprocess.CompletedProcess:
    """`dbt <args>` in `project` against `database`; with check, fails the test on error.
    months: the months to build (the environment a build's dbt gets, months_environment);
    every var, the indicator models among them, is the project's own (its dbt_project.yml).
    The target folder is `--target-path` when given, else the project's `target`: no test
    sets DBT_TARGET_PATH for these runs."""
    target = project / (
        args[args.index("--target-path") + 1] if "--target-path" in args else "target"
    )
    if database.name in _last_target:
        reuse_saved_parse(_last_target[database.name], target)
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
    if (target / PARTIAL_PARSE_FILE).is_file():
        _last_target[database.name] = target
    if check:
        assert completed.returncode == 0, completed.stdout[-4000:]
    return completed
