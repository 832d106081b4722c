"""Dagster resources: the warehouse (one DuckDB work file) and dbt."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource
from packaging import version

from scorecard.dbt_runner import dbt_executable, dbt_vars, project_fingerprint
from scorecard.publishing.last_build import DbtWork, plan_dbt_work
from scorecard.publishing.plan import PublicationPlan, plan_publication
from scorecard.publishing.store import PublicationStore, candidate_months
from scorecard.settings import (
    DBT_PROJECT_DIR,
    DEFAULT_CLOSE_DAY,
    DEFAULT_TIMEZONE,
    DEMO_CUSTOMER_SALT,
    PROJECT_ROOT,
    Settings,
)
from scorecard.warehouse_settings import read_schemes_from
from scorecard.work_area import private_files

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
    close_day: int = DEFAULT_CLOSE_DAY
    csv_encoding: str = ""  # declared for every CSV file of the run; "" = UTF-8 or detected
    # The month the schemes' first versions apply from in this warehouse ("" = their own):
    # warehouse_settings.py, kept in the warehouse so every run scores alike.
    schemes_from: str = ""

    @classmethod
    def from_env(cls) -> WarehouseResource:
        settings = Settings.from_env()
        return cls(
            input_dir=os.environ.get("SCORECARD_INPUT", str(DEFAULT_INPUT_DIR)),
            warehouse_dir=str(settings.warehouse_dir),
            timezone=settings.timezone,
            customer_salt=settings.customer_salt,
            close_day=settings.close_day,
            csv_encoding=settings.csv_encoding or "",
            schemes_from=read_schemes_from(settings.warehouse_dir),
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            warehouse_dir=Path(self.warehouse_dir),
            timezone=self.timezone,
            customer_salt=self.customer_salt,
            close_day=self.close_day,
            csv_encoding=self.csv_encoding or None,
        )

    @property
    def dbt_target_dir(self) -> Path:
        return self.settings.dbt_target

    def run_report_dir(self, run_id: str) -> Path:
        """Where a run writes its gate report and publication outcome."""
        return self.settings.warehouse_dir / "reports" / run_id

    @property
    def publications(self) -> PublicationStore:
        return PublicationStore(self.settings.warehouse_dir, schemes_from=self.schemes_from)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.settings.work_database
        path.parent.mkdir(parents=True, exist_ok=True)
        # A writer creates the database, its WAL and spill files: private (work_area.py).
        with contextlib.nullcontext() if read_only else private_files():
            conn = duckdb.connect(str(path), read_only=read_only)
            try:
                yield conn
            finally:
                conn.close()

    def dbt_vars(self) -> dict[str, object]:
        """dbt `--vars`: the loader's time zone, the indicator models of the catalog, and
        the month the schemes apply from when the warehouse sets one."""
        return dbt_vars(self.timezone, self.schemes_from)

    def dbt_fingerprint(self) -> str:
        """The dbt project's files and this warehouse's vars: what a build was built with."""
        return project_fingerprint(DBT_PROJECT_DIR, self.dbt_vars())


class PublishRequest(ConfigurableResource):
    """What a run publishes: the date it takes as today, and an optional restatement.

    The schedule sets `as_of` to its night; `scorecard restate` sets the month and reason.
    """

    as_of: str = ""  # YYYY-MM-DD; empty: today in the center's time zone
    restate_month: str = ""
    reason: str = ""
    accept_quarantine: bool = False
    # Rebuild every dbt model from all history even if nothing changed (`--full-rebuild`).
    full_rebuild: bool = False

    def dbt_work(self, work: duckdb.DuckDBPyConnection, warehouse: WarehouseResource) -> DbtWork:
        """Tonight's dbt work from the last complete night (publishing/last_build.py)."""
        forced = None
        if self.restate_month:
            forced = f"restatement of {self.restate_month}"
        elif self.accept_quarantine:
            forced = "--accept-quarantine"

        def status_changes() -> list[str]:
            latest = warehouse.publications.latest_by_month()
            planned = self.plan(work, warehouse, None).statuses
            return [m for m, s in planned.items() if m not in latest or latest[m].status != s]

        return plan_dbt_work(
            work,
            warehouse.dbt_fingerprint(),
            forced=forced,
            full_rebuild=self.full_rebuild,
            status_changes=status_changes,
        )

    def as_of_date(self, timezone: str) -> date:
        if self.as_of:
            return date.fromisoformat(self.as_of)
        return datetime.now(ZoneInfo(timezone)).date()

    def plan(
        self,
        work: duckdb.DuckDBPyConnection,
        warehouse: WarehouseResource,
        requested_months: list[str] | None,
    ) -> PublicationPlan:
        settings = warehouse.settings
        return plan_publication(
            candidate_months(work),
            requested_months,
            warehouse.publications.latest_by_month(),
            self.as_of_date(settings.timezone),
            settings.close_day,
            restate_month=self.restate_month or None,
            reason=self.reason or None,
        )

    def waivers(self) -> list[str]:
        return ["accept_quarantine"] if self.accept_quarantine else []


class ScorecardDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource without two steps this project does not use.

    Before each dbt command dagster-dbt runs `dbt --version` in a subprocess (the version
    decides between dbt Core and the Fusion engine) and opens a dbt adapter in this process
    (for column metadata, which no asset here asks for): together 7-8 s of every build on a
    2-core machine. Here dbt is always this environment's dbt Core (the launcher execs it),
    so its version is the installed package's, and no adapter is opened. Both overrides name
    private members of the exactly pinned dagster-dbt; tests/test_dbt_runner.py checks them.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> DbtCliResource:
    return ScorecardDbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )
