"""Writing publications: archive a plan's months, then swap the published files in.

    <warehouse>/published.duckdb       the current publication, assembled from the archive
    <warehouse>/published -> snapshots/000007   the same tables as Parquet

The archive is the record (archive.py); the published files are derived from it. Renaming
an archive directory into place commits a publication; `refresh` then rebuilds the
published files in new files and swaps them in with `os.replace` (DuckDB file) and a
symlink swap (Parquet), so a reader sees the old or the new version, never a mix, and a
build killed at any point leaves either no trace or a committed publication the next run
swaps in.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from scorecard.publishing.archive import ENTRY_FILE, PublicationArchive
from scorecard.publishing.changes import restatement_diffs
from scorecard.publishing.plan import PublicationPlan
from scorecard.settings import PROJECT_ROOT
from scorecard.sql_text import sql_literal

SNAPSHOT_DIR = "snapshots"
SNAPSHOTS_KEPT = 2  # the current one and the one a slow reader may still be scanning


def code_version() -> str:
    """The package version, plus the git commit when run from a checkout."""
    version = metadata.version("contact-center-scorecard")
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return version
    return f"{version}+{commit}"


class Publisher:
    """Adds publications to an archive and swaps the published files to the latest one."""

    def __init__(self, archive: PublicationArchive, schemes_from: str = "") -> None:
        self.archive = archive
        self.warehouse_dir = archive.warehouse_dir
        self.schemes_from = schemes_from  # recorded in each entry this publisher writes
        self.snapshots = archive.warehouse_dir / SNAPSHOT_DIR

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One publisher at a time across processes (a CLI build and `dagster dev`)."""
        self.warehouse_dir.mkdir(parents=True, exist_ok=True)
        with (self.warehouse_dir / ".publish.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def remove_leftovers(self) -> list[Path]:
        """Delete what a killed publisher left half-written (never a committed entry)."""
        leftovers = [
            *self.archive.root.glob(".tmp-*"),
            *self.snapshots.glob(".tmp-*"),
            *self.warehouse_dir.glob(".published-*"),
        ]
        for path in leftovers:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        return leftovers

    def publish(
        self,
        work: duckdb.DuckDBPyConnection,
        plan: PublicationPlan,
        *,
        as_of: date,
        run_id: str,
        gate: Mapping[str, object],
    ) -> dict:
        """Archive the plan's months from the work database as a new publication."""
        archive = self.archive
        publication_id = max((e["publication_id"] for e in archive.log()), default=0) + 1
        staging = archive.root / f".tmp-{publication_id:06d}-{os.getpid()}"
        staging.mkdir(parents=True)
        statuses = ", ".join(
            f"(date '{month}-01', '{status}')" for month, status in sorted(plan.statuses.items())
        )
        row_counts: dict[str, int] = {}

        def write(table: str, sql: str) -> None:
            path = staging / f"{table}.parquet"
            # Ordered by every column, so the same candidates give the same file bytes.
            work.execute(
                f"copy (select * from ({sql}) order by all) to {sql_literal(path)} (format parquet)"
            )
            row_counts[table] = work.execute(
                f"select count(*) from read_parquet({sql_literal(path)})"
            ).fetchone()[0]

        for table, relation in archive.tables.monthly.items():
            write(
                table,
                f"select candidate.*, {publication_id} as publication_id, "
                f"statuses.month_status from {relation} as candidate "
                f"inner join (values {statuses}) as statuses(month, month_status) "
                "on candidate.month = statuses.month",
            )
        for table, relation in archive.tables.shared.items():
            write(table, f"select * from {relation}")
        for table, sql in restatement_diffs(archive, plan, publication_id).items():
            write(table, sql)

        inputs = work.execute(
            "select source_file, file_hash from staging.stg_warehouse__load_log "
            "where load_status = 'loaded' order by load_id"
        ).fetchall()
        last_load_id = work.execute(
            "select coalesce(max(load_id), 0) from staging.stg_warehouse__load_log"
        ).fetchone()[0]
        entry = {
            "publication_id": publication_id,
            "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "as_of": as_of.isoformat(),
            "run_id": run_id,
            "statuses": dict(sorted(plan.statuses.items())),
            "restated_month": plan.restated,
            "restatement_reason": plan.reason,
            "input_files": [f"{path}@{digest}" for path, digest in inputs],
            "code_version": code_version(),
            "gate": dict(gate),
            "row_counts": row_counts,
            "last_load_id": last_load_id,
            "schemes_from": self.schemes_from or None,
        }
        (staging / ENTRY_FILE).write_text(json.dumps(entry, indent=2, ensure_ascii=False))
        os.rename(staging, archive.entry_dir(publication_id))  # the commit point
        return entry

    def refresh(self) -> int | None:
        """Make the published files show the latest publication; return it if they changed."""
        archive = self.archive
        log = archive.log()
        if not log:
            return None
        latest = log[-1]["publication_id"]
        if archive.current_publication_id() == latest:
            return None
        name = f"{latest:06d}"
        database = self.warehouse_dir / f".published-{name}.duckdb"
        snapshot = self.snapshots / f".tmp-{name}"
        snapshot.mkdir(parents=True)
        with duckdb.connect(str(database)) as conn:
            for table in archive.assemble(conn, latest):
                parquet = sql_literal(snapshot / f"{table}.parquet")
                conn.execute(f"copy main.{table} to {parquet} (format parquet)")
            conn.execute("checkpoint")
        final_snapshot = self.snapshots / name
        if final_snapshot.exists():  # swapped in by a run killed before the symlink
            shutil.rmtree(final_snapshot)
        os.rename(snapshot, final_snapshot)
        os.replace(database, archive.published_database)
        parquet = archive.published_parquet
        if parquet.exists() and not parquet.is_symlink():
            raise RuntimeError(f"{parquet} must be the symlink publication keeps")
        link = self.warehouse_dir / f".published-{name}.link"
        os.symlink(Path(SNAPSHOT_DIR) / name, link)
        os.replace(link, parquet)
        for old in sorted(p for p in self.snapshots.iterdir() if p.name.isdigit())[
            :-SNAPSHOTS_KEPT
        ]:
            shutil.rmtree(old)
        return latest
