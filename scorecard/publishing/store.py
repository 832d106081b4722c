"""Publications of one warehouse: one object for the callers, three modules behind it.

    archive.py     reading the record: the log, "as of publication P" SQL, assembly
    publisher.py   writing it: publish (archive a plan's months), refresh (swap the
                   published files in), the lock, leftovers of a killed publisher
    changes.py     candidates against the record: restatement differences, unchanged
                   months, changed shared tables, late data held for final months
    tables.py      which dbt models are published (their YAML's meta.publish)

docs/publication.md describes the layout on disk and why a reader never sees a mix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from scorecard.publishing import changes
from scorecard.publishing.archive import (
    DIFF_TABLES,
    ENTRY_FILE,
    LOG_COLUMNS,
    PublicationArchive,
)
from scorecard.publishing.changes import DIFFERENCES, candidate_months
from scorecard.publishing.plan import PublicationPlan, PublishedMonth
from scorecard.publishing.publisher import SNAPSHOT_DIR, SNAPSHOTS_KEPT, Publisher, code_version
from scorecard.publishing.tables import PublishedTables

__all__ = [
    "DIFFERENCES",
    "DIFF_TABLES",
    "ENTRY_FILE",
    "LOG_COLUMNS",
    "SNAPSHOTS_KEPT",
    "SNAPSHOT_DIR",
    "PublicationStore",
    "candidate_months",
    "code_version",
]


class PublicationStore:
    """The archive, its publisher and the comparisons, for one warehouse.

    `tables`: the published tables (default: the dbt project's, tables.py).
    """

    def __init__(
        self,
        warehouse_dir: Path,
        schemes_from: str = "",
        tables: PublishedTables | None = None,
    ) -> None:
        self.warehouse_dir = warehouse_dir
        self.records = PublicationArchive(warehouse_dir, tables)
        self.publisher = Publisher(self.records, schemes_from)
        self.schemes_from = schemes_from
        self.archive = self.records.root
        self.snapshots = self.publisher.snapshots
        self.published_database = self.records.published_database
        self.published_parquet = self.records.published_parquet

    # --- reading the record (archive.py) ------------------------------------------------

    def log(self, up_to: int | None = None) -> list[dict]:
        return self.records.log(up_to)

    def latest_by_month(self, up_to: int | None = None) -> dict[str, PublishedMonth]:
        return self.records.latest_by_month(up_to)

    def last_load_id(self) -> int:
        return self.records.last_load_id()

    def entry_dir(self, publication_id: int) -> Path:
        return self.records.entry_dir(publication_id)

    def current_publication_id(self) -> int | None:
        return self.records.current_publication_id()

    def monthly_sql(
        self, table: str, up_to: int | None = None, months: Sequence[str] | None = None
    ) -> str | None:
        return self.records.monthly_sql(table, up_to, months)

    def shared_sql(self, table: str, up_to: int | None) -> str | None:
        return self.records.shared_sql(table, up_to)

    def assemble(self, conn: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[str]:
        return self.records.assemble(conn, up_to)

    # --- writing (publisher.py) ---------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        with self.publisher.lock():
            yield

    def remove_leftovers(self) -> list[Path]:
        return self.publisher.remove_leftovers()

    def publish(
        self,
        work: duckdb.DuckDBPyConnection,
        plan: PublicationPlan,
        *,
        as_of: date,
        run_id: str,
        gate: Mapping[str, object],
    ) -> dict:
        return self.publisher.publish(work, plan, as_of=as_of, run_id=run_id, gate=gate)

    def refresh(self) -> int | None:
        return self.publisher.refresh()

    # --- what changed (changes.py) ------------------------------------------------------

    def unchanged_months(self, work: duckdb.DuckDBPyConnection, plan: PublicationPlan) -> list[str]:
        return changes.unchanged_months(self.records, work, plan)

    def shared_tables_changed(self, work: duckdb.DuckDBPyConnection) -> bool:
        return changes.shared_tables_changed(self.records, work)

    def held_changes(self, work: duckdb.DuckDBPyConnection, months: Sequence[str]) -> dict:
        return changes.held_changes(self.records, work, months)
