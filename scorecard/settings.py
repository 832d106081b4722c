"""Run settings shared by the loader, dbt and the command line.

Every setting has an environment variable so that dbt (through profiles.yml and
`--vars`) and Dagster see the same values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scorecard.warehouse_settings import read_schemes_from

# The project's own files (the dbt project, the gate's suites) are found here and only here:
# SCORECARD_PROJECT_DIR names the folder holding dbt/ and expectations/ (an installed copy,
# a deployment's checkout); by default it is the checkout this package was installed from.
PROJECT_ROOT = Path(
    os.environ.get("SCORECARD_PROJECT_DIR") or Path(__file__).resolve().parent.parent
)
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
INDICATOR_CATALOG = DBT_PROJECT_DIR / "seeds" / "indicator_catalog.csv"
DEFAULT_WAREHOUSE_DIR = PROJECT_ROOT / ".warehouse"
DEFAULT_TIMEZONE = "Asia/Shanghai"
# A fixed demo salt keeps customer hashes stable between runs; production sets its own.
DEMO_CUSTOMER_SALT = "scorecard-demo-salt"
WORK_DATABASE_NAME = "work.duckdb"
# Files of the work area (the work database and its WAL hold raw rows with customer ids)
# are created with this umask: files 0600, directories 0700 (work_area.py).
PRIVATE_UMASK = 0o077
# A month closes after this day of the next month (考核实施时间为下月的1~5日, SPEC §4).
DEFAULT_CLOSE_DAY = 5
# DuckDB's memory_limit for every connection that writes the work database: dbt's (in
# dbt/profiles.yml, the same variable and default) and the loader's and publication's (here).
# A 4 GB VM keeps room for dbt, Dagster and the OS; beyond it DuckDB spills to disk.
DEFAULT_DUCKDB_MEMORY_LIMIT = "1800MB"
# A first build (or a full rebuild) of a longer history than this many months builds the
# row-level tables this many months per dbt run, so no sort or spill holds more than that
# (docs/incremental.md, "A first build of a long history"); 0: every month in one run.
DEFAULT_FIRST_BUILD_MONTHS_PER_RUN = 3
# What runs the dbt project (docs/scale-out.md): DuckDB in the work database (the embedded
# default), or Apache Spark through dbt-spark, reading the raw layer's Parquet.
ENGINES = ("duckdb", "spark")


class SettingsError(ValueError):
    """A setting (an environment variable or a run's option) has no meaning here."""


@dataclass(frozen=True)
class WarehousePaths:
    """Where a warehouse keeps each of its files: the one place their names are spelled."""

    root: Path

    @property
    def work_database(self) -> Path:
        """The one DuckDB file that both the loader and dbt write (the work area)."""
        return self.root / WORK_DATABASE_NAME

    @property
    def dbt_target(self) -> Path:
        """dbt's artifacts of builds on this warehouse (run_results.json, compiled SQL)."""
        return self.root / "dbt_target"

    @property
    def dbt_run_results(self) -> Path:
        """The nightly build's run_results.json (read by the publication step and summary)."""
        return self.dbt_target / "run_results.json"

    @property
    def scorecard_dbt_target(self) -> Path:
        """Artifacts of `scorecard dbt` commands, apart from the nightly build's."""
        return self.dbt_target / "scorecard-dbt"

    @property
    def published_database(self) -> Path:
        """What BI tools read: the latest publication, one table per published model."""
        return self.root / "published.duckdb"

    @property
    def published_parquet(self) -> Path:
        """The same tables as Parquet files (published/<table>.parquet)."""
        return self.root / "published"

    @property
    def publication_archive(self) -> Path:
        """Every committed publication, one numbered folder each (publishing/archive.py)."""
        return self.root / "publications"

    @property
    def raw_layer(self) -> Path:
        """The loader's Parquet copy of every load (loading/raw_layer.py), which Spark reads."""
        return self.root / "raw"

    @property
    def spark_warehouse(self) -> Path:
        """Spark's tables and its Derby metastore, for a build with the Spark engine."""
        return self.root / "spark-warehouse"

    @property
    def spark_export(self) -> Path:
        """The models a Spark build exported as Parquet (<schema>/<table>/), read into the
        work database for the gate and publication (scorecard/spark_candidates.py)."""
        return self.root / "spark-export"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def build_lock(self) -> Path:
        """Held by the one command that may write the warehouse (work_area.py)."""
        return self.root / "build.lock"

    @property
    def private_directories(self) -> tuple[Path, ...]:
        """Folders that hold raw rows or dbt's compiled SQL over them: owner only. (Spark's
        folders are made by dbt, whose launcher makes everything it creates private.)"""
        return (self.logs, self.dbt_target, self.raw_layer)

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def run_reports(self, run_id: str) -> Path:
        """Where a run writes its gate report and publication outcome."""
        return self.reports / run_id


@dataclass(frozen=True)
class Settings:
    """Everything a run of one warehouse is configured with, read once per run."""

    warehouse_dir: Path
    timezone: str = DEFAULT_TIMEZONE
    customer_salt: str = DEMO_CUSTOMER_SALT
    close_day: int = DEFAULT_CLOSE_DAY
    # The encoding of every CSV file of a run, when declared (utf-8 or gb18030); None:
    # UTF-8, with GB18030 recognized in a file that is not UTF-8 (loading/encodings.py).
    csv_encoding: str | None = None
    # The month the schemes' first versions apply from in this warehouse ("" = their own),
    # kept in the warehouse itself (warehouse_settings.py) so every run scores alike.
    schemes_from: str = ""
    engine: str = ENGINES[0]
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    duckdb_temp_directory: str = ""  # "" = beside the work database (<work database>.tmp)
    first_build_months_per_run: int = DEFAULT_FIRST_BUILD_MONTHS_PER_RUN

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise SettingsError(
                f"unknown engine {self.engine!r} (--engine or SCORECARD_ENGINE): "
                f"use one of {', '.join(ENGINES)}"
            )
        if self.first_build_months_per_run < 0:
            raise SettingsError(
                "SCORECARD_FIRST_BUILD_MONTHS_PER_RUN must be a whole number of months, 0 or "
                f"more (0: every month in one run), not {self.first_build_months_per_run}"
            )

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(self.warehouse_dir)

    @property
    def work_database(self) -> Path:
        return self.paths.work_database

    @property
    def duckdb_config(self) -> dict[str, str]:
        """Connection settings of this process's work database connections: the memory
        limit and spill folder dbt's connections get from profiles.yml."""
        return {
            "memory_limit": self.duckdb_memory_limit,
            "temp_directory": self.duckdb_temp_directory or f"{self.work_database}.tmp",
        }

    @property
    def dbt_target(self) -> Path:
        return self.paths.dbt_target

    @classmethod
    def from_env(
        cls,
        warehouse_dir: str | Path | None = None,
        csv_encoding: str | None = None,
        engine: str | None = None,
    ) -> Settings:
        """The settings of a warehouse: environment variables, then what the warehouse keeps
        (warehouse_settings.json); `csv_encoding` and `engine` are a run's own declarations
        (--encoding, --engine), before SCORECARD_CSV_ENCODING and SCORECARD_ENGINE."""
        resolved = Path(
            warehouse_dir or os.environ.get("SCORECARD_WAREHOUSE", DEFAULT_WAREHOUSE_DIR)
        ).resolve()
        return cls(
            warehouse_dir=resolved,
            timezone=os.environ.get("SCORECARD_TIMEZONE", DEFAULT_TIMEZONE),
            customer_salt=os.environ.get("SCORECARD_CUSTOMER_SALT", DEMO_CUSTOMER_SALT),
            close_day=_whole_number("SCORECARD_CLOSE_DAY", DEFAULT_CLOSE_DAY),
            csv_encoding=csv_encoding or os.environ.get("SCORECARD_CSV_ENCODING") or None,
            schemes_from=read_schemes_from(resolved),
            engine=engine or os.environ.get("SCORECARD_ENGINE") or ENGINES[0],
            duckdb_memory_limit=os.environ.get(
                "SCORECARD_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT
            ),
            duckdb_temp_directory=os.environ.get("SCORECARD_DUCKDB_TEMP_DIRECTORY", ""),
            first_build_months_per_run=_whole_number(
                "SCORECARD_FIRST_BUILD_MONTHS_PER_RUN", DEFAULT_FIRST_BUILD_MONTHS_PER_RUN
            ),
        )


def _whole_number(variable: str, default: int) -> int:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{variable} must be a whole number, not {text!r}") from None
