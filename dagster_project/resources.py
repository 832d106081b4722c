"""Dagster resources: the warehouse (one DuckDB work file) and dbt."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource

from dagster_project.dbt_args import indicator_models
from dagster_project.settings import (
    DBT_PROJECT_DIR,
    DEFAULT_TIMEZONE,
    DEMO_CUSTOMER_SALT,
    INDICATOR_CATALOG,
    PROJECT_ROOT,
    Settings,
)

# Every step that opens the work database runs in this pool (limit 1): DuckDB allows one
# writer per file and no reader while it writes.
WAREHOUSE_POOL = "duckdb_work"
DEFAULT_INPUT_DIR = PROJECT_ROOT / ".demo" / "input"


class WarehouseResource(ConfigurableResource):
    """Where the exports are read from and where the work database lives."""

    input_dir: str
    warehouse_dir: str
    timezone: str = DEFAULT_TIMEZONE
    customer_salt: str = DEMO_CUSTOMER_SALT

    @classmethod
    def from_env(cls) -> WarehouseResource:
        settings = Settings.from_env()
        return cls(
            input_dir=os.environ.get("SCORECARD_INPUT", str(DEFAULT_INPUT_DIR)),
            warehouse_dir=str(settings.warehouse_dir),
            timezone=settings.timezone,
            customer_salt=settings.customer_salt,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            warehouse_dir=Path(self.warehouse_dir),
            timezone=self.timezone,
            customer_salt=self.customer_salt,
        )

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.settings.work_database
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = duckdb.connect(str(path))
        try:
            yield conn
        finally:
            conn.close()

    def dbt_vars(self) -> dict[str, object]:
        """dbt `--vars`: the loader's time zone, and the indicator models of the catalog."""
        return dbt_vars(self.timezone)


def dbt_vars(timezone: str) -> dict[str, object]:
    catalog = INDICATOR_CATALOG.read_text(encoding="utf-8")
    return {"center_timezone": timezone, "indicator_models": indicator_models(catalog)}


def dbt_executable() -> str:
    """dbt from this interpreter's environment, so a venv works without being on PATH."""
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )
