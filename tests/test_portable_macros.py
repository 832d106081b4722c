"""The dispatched macros of dbt/macros/portable.sql (and to_center_time) on DuckDB.

`dbt run-operation check_portable_macros` runs every macro on fixed inputs and fails on
any value that is not the expected one (dbt/macros/check_portable_macros.sql). `make
spark-check` runs the same cases on Spark (the `check_portable_macros` var runs them at the
start of its unit-test run), so each macro is guarded on both engines.
"""

from __future__ import annotations

import re
from pathlib import Path

from scorecard.settings import DBT_PROJECT_DIR
from tests.dbt_runner import run_dbt

MACRO_FILES = ("portable.sql", "to_center_time.sql")


def dispatched_macros() -> set[str]:
    names = set()
    for name in MACRO_FILES:
        text = (DBT_PROJECT_DIR / "macros" / name).read_text(encoding="utf-8")
        names |= set(re.findall(r"{%\s*macro\s+spark__(\w+)\(", text))
    return names


def test_every_dispatched_macro_passes_its_cases_on_duckdb(tmp_path: Path) -> None:
    result = run_dbt(
        DBT_PROJECT_DIR,
        tmp_path / "work.duckdb",
        "run-operation",
        "check_portable_macros",
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
    )
    assert "cases pass on duckdb" in result.stdout
    checked = (DBT_PROJECT_DIR / "macros" / "check_portable_macros.sql").read_text(encoding="utf-8")
    # every macro with a Spark form has at least one case
    missing = [name for name in dispatched_macros() if f"{name}(" not in checked]
    assert not missing, missing
