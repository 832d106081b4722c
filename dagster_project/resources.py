"""Dagster resources: the warehouse (one DuckDB work file) and dbt."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster import ConfigurableResource

from scorecard.dbt_runner import dbt_vars, project_fingerprint
from scorecard.publishing.store import PublicationStore
from scorecard.settings import DBT_PROJECT_DIR, PROJECT_ROOT, Settings, WarehousePaths
from scorecard.work_area import private_files

# Every step that opens the work database runs in this pool (limit 1): DuckDB allows one
# writer per file and no reader while it writes.
WAREHOUSE_POOL = "duckdb_work"
DEFAULT_INPUT_DIR = PROJECT_ROOT / ".demo" / "input"


class WarehouseResource(ConfigurableResource):
    """Where the exports are read from and which warehouse they go to.

    Only the two folders (and a run's declared CSV encoding) are Dagster configuration;
    everything else a run is configured with is the warehouse's `Settings` (environment
    variables and what the warehouse keeps), read when a step asks for it.
    """

    input_dir: str = ""  # empty: no new exports (a restatement)
    warehouse_dir: str
    csv_encoding: str = ""  # declared for every CSV file of the run; "" = UTF-8 or detected
    engine: str = ""  # what runs dbt: duckdb or spark; "" = SCORECARD_ENGINE, else duckdb

    @classmethod
    def from_env(cls) -> WarehouseResource:
        return cls(
            input_dir=os.environ.get("SCORECARD_INPUT", str(DEFAULT_INPUT_DIR)),
            warehouse_dir=str(Settings.from_env().warehouse_dir),
        )

    @property
    def settings(self) -> Settings:
        return Settings.from_env(
            self.warehouse_dir, csv_encoding=self.csv_encoding or None, engine=self.engine or None
        )

    @property
    def paths(self) -> WarehousePaths:
        return self.settings.paths

    def publications(self) -> PublicationStore:
        """The publication archive of this warehouse (one per step: it caches the log)."""
        settings = self.settings
        return PublicationStore(settings.warehouse_dir, schemes_from=settings.schemes_from)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        settings = self.settings
        path = settings.work_database
        path.parent.mkdir(parents=True, exist_ok=True)
        # A writer creates the database, its WAL and spill files: private (work_area.py).
        with contextlib.nullcontext() if read_only else private_files():
            conn = duckdb.connect(str(path), read_only=read_only, config=settings.duckdb_config)
            try:
                yield conn
            finally:
                conn.close()

    def dbt_fingerprint(self) -> str:
        """The dbt project's files, this warehouse's vars and the engine: what a build was
        built with (another engine's tables are rebuilt from scratch, not continued)."""
        settings = self.settings
        return f"{settings.engine}:{project_fingerprint(DBT_PROJECT_DIR, dbt_vars(settings))}"
