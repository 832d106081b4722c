"""Publications: an append-only archive of what was published, and the files BI reads.

    <warehouse>/publications/000007/   one directory per publication (never changed once
        publication.json               renamed into place): its log entry, the months it
        <table>.parquet                published of every month-keyed table, the shared
                                       tables (dims, load_log) and restatement differences
    <warehouse>/published.duckdb       the current publication, assembled from the archive
    <warehouse>/published -> snapshots/000007   the same tables as Parquet

The archive is the record; the published files are derived from it. For every month the
rows come from the latest publication that published that month, so reading "as of
publication P" is the same assembly restricted to publications up to P. Renaming an
archive directory into place commits a publication; `refresh` then rebuilds the published
files in new files and swaps them in with `os.replace` (DuckDB file) and a symlink swap
(Parquet), so a reader sees the old or the new version, never a mix, and a build killed
at any point leaves either no trace or a committed publication the next run swaps in.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from scorecard.publishing.plan import PublicationPlan, PublishedMonth, latest_by_month
from scorecard.settings import PROJECT_ROOT

PUBLISHED_DATABASE = "published.duckdb"
PUBLISHED_PARQUET = "published"
ARCHIVE_DIR = "publications"
SNAPSHOT_DIR = "snapshots"
ENTRY_FILE = "publication.json"
SNAPSHOTS_KEPT = 2  # the current one and the one a slow reader may still be scanning

# Published table -> candidate relation in the work database. Month-keyed tables are
# archived per month and gain `publication_id` and `month_status`.
MONTHLY_TABLES = {
    "fct_agent_monthly": "marts.fct_agent_monthly",
    "fct_indicator_monthly": "marts.fct_indicator_monthly",
    "mart_indicator_scores": "marts.mart_indicator_scores",
    "mart_agent_scores": "marts.mart_agent_scores",
    "mart_team_scores": "marts.mart_team_scores",
    "mart_agent_flags": "marts.mart_agent_flags",
    "mart_pay_items": "marts.mart_pay_items",
}
# Tables without a month: each publication archives them whole; the latest one is published.
SHARED_TABLES = {
    "dim_agent": "marts.dim_agent",
    "dim_scheme": "marts.dim_scheme",
    "dim_scheme_rule": "marts.dim_scheme_rule",
    # Counts and reasons only: quarantined raw text can hold personal data (SPEC §8).
    "load_log": "staging.stg_warehouse__load_log",
}
# Written by every publication (empty unless it is a restatement); published as a union.
DIFF_TABLES = {
    "restatement_indicator_diff": "mart_indicator_scores",
    "restatement_score_diff": "mart_agent_scores",
}
# What a restatement compares: keys besides scheme, agent and month; column -> name.
DIFFERENCES = {
    "mart_indicator_scores": (
        ["rule_id", "indicator_code"],
        {"value": "value", "points": "points"},
    ),
    "mart_agent_scores": (
        [],
        {"total_score": "total", "grade": "grade", "rank_in_center": "rank"},
    ),
}

LOG_COLUMNS = {
    "publication_id": "integer",
    "published_at": "timestamptz",
    "as_of": "date",
    "months": "varchar[]",
    "provisional_months": "varchar[]",
    "final_months": "varchar[]",
    "restated_month": "varchar",
    "restatement_reason": "varchar",
    "input_file_hashes": "varchar[]",
    "code_version": "varchar",
    "gate_result": "varchar",
    "row_counts": "json",
    "last_load_id": "bigint",
    "run_id": "varchar",
    "schemes_from": "varchar",  # the warehouse's --schemes-from month (issue 14), if set
}


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


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _month_list(months: Sequence[str]) -> str:
    return ", ".join(f"date '{m}-01'" for m in months)


class PublicationStore:
    def __init__(self, warehouse_dir: Path, schemes_from: str = "") -> None:
        self.warehouse_dir = warehouse_dir
        self.schemes_from = schemes_from  # recorded in each entry this store publishes
        self.archive = warehouse_dir / ARCHIVE_DIR
        self.snapshots = warehouse_dir / SNAPSHOT_DIR
        self.published_database = warehouse_dir / PUBLISHED_DATABASE
        self.published_parquet = warehouse_dir / PUBLISHED_PARQUET
        self._entries: dict[str, dict] = {}  # committed entries never change: read each once

    # --- reading the record -------------------------------------------------------------

    def log(self, up_to: int | None = None) -> list[dict]:
        """Every committed publication's entry, oldest first."""
        if not self.archive.is_dir():
            return []
        for entry_dir in self.archive.iterdir():
            if entry_dir.name.isdigit() and entry_dir.name not in self._entries:
                text = (entry_dir / ENTRY_FILE).read_text(encoding="utf-8")
                self._entries[entry_dir.name] = json.loads(text)
        entries = sorted(self._entries.values(), key=lambda e: e["publication_id"])
        return [e for e in entries if up_to is None or e["publication_id"] <= up_to]

    def latest_by_month(self, up_to: int | None = None) -> dict[str, PublishedMonth]:
        return latest_by_month(self.log(up_to))

    def last_load_id(self) -> int:
        """The newest file load any publication was built from (0 before the first).

        A recreated work database numbers its loads after this, so "rows loaded since
        publication P" keeps its meaning."""
        return max((e["last_load_id"] for e in self.log()), default=0)

    def entry_dir(self, publication_id: int) -> Path:
        return self.archive / f"{publication_id:06d}"

    def current_publication_id(self) -> int | None:
        """The publication the published files show (the Parquet symlink names it)."""
        if not self.published_parquet.is_symlink() or not self.published_database.exists():
            return None
        target = os.readlink(self.published_parquet)
        return int(Path(target).name) if Path(target).name.isdigit() else None

    def monthly_sql(
        self, table: str, up_to: int | None = None, months: Sequence[str] | None = None
    ) -> str | None:
        """SQL over the archive: each month's rows from its latest publication up to `up_to`."""
        latest = self.latest_by_month(up_to)
        by_publication: dict[int, list[str]] = {}
        for month, published in sorted(latest.items()):
            if months is None or month in months:
                by_publication.setdefault(published.publication_id, []).append(month)
        parts = [
            f"select * from read_parquet({_quote(self.entry_dir(pid) / f'{table}.parquet')}) "
            f"where month in ({_month_list(ms)})"
            for pid, ms in sorted(by_publication.items())
            if (self.entry_dir(pid) / f"{table}.parquet").exists()
        ]
        return " union all by name ".join(parts) or None

    def shared_sql(self, table: str, up_to: int | None) -> str | None:
        for entry in reversed(self.log(up_to)):
            path = self.entry_dir(entry["publication_id"]) / f"{table}.parquet"
            if path.exists():
                return f"select * from read_parquet({_quote(path)})"
        return None

    def _diff_sql(self, table: str, up_to: int | None) -> str | None:
        paths = [self.entry_dir(e["publication_id"]) / f"{table}.parquet" for e in self.log(up_to)]
        paths = [p for p in paths if p.exists()]
        if not paths:
            return None
        return f"select * from read_parquet([{', '.join(_quote(p) for p in paths)}])"

    def assemble(self, conn: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[str]:
        """Create the published tables in `conn` as of publication `up_to` (default: latest)."""
        tables = []
        sources = (
            [(t, self.monthly_sql(t, up_to)) for t in MONTHLY_TABLES]
            + [(t, self.shared_sql(t, up_to)) for t in SHARED_TABLES]
            + [(t, self._diff_sql(t, up_to)) for t in DIFF_TABLES]
        )
        for table, sql in sources:
            if sql is not None:
                conn.execute(f"create or replace table main.{table} as {sql}")
                tables.append(table)
        columns = ", ".join(f"{name} {kind}" for name, kind in LOG_COLUMNS.items())
        conn.execute(f"create or replace table main.publication_log ({columns})")
        for entry in self.log(up_to):
            conn.execute(
                f"insert into main.publication_log values ({', '.join('?' * len(LOG_COLUMNS))})",
                [_log_row(entry)[name] for name in LOG_COLUMNS],
            )
        return [*tables, "publication_log"]

    # --- writing ------------------------------------------------------------------------

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
            *self.archive.glob(".tmp-*"),
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
        publication_id = max((e["publication_id"] for e in self.log()), default=0) + 1
        staging = self.archive / f".tmp-{publication_id:06d}-{os.getpid()}"
        staging.mkdir(parents=True)
        statuses = ", ".join(
            f"(date '{month}-01', '{status}')" for month, status in sorted(plan.statuses.items())
        )
        row_counts: dict[str, int] = {}

        def write(table: str, sql: str) -> None:
            path = staging / f"{table}.parquet"
            # Ordered by every column, so the same candidates give the same file bytes.
            work.execute(
                f"copy (select * from ({sql}) order by all) to {_quote(path)} (format parquet)"
            )
            row_counts[table] = work.execute(
                f"select count(*) from read_parquet({_quote(path)})"
            ).fetchone()[0]

        for table, relation in MONTHLY_TABLES.items():
            write(
                table,
                f"select candidate.*, {publication_id} as publication_id, "
                f"statuses.month_status from {relation} as candidate "
                f"inner join (values {statuses}) as statuses(month, month_status) "
                "on candidate.month = statuses.month",
            )
        for table, relation in SHARED_TABLES.items():
            write(table, f"select * from {relation}")
        for table, sql in self._restatement_diffs(plan, publication_id).items():
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
        os.rename(staging, self.entry_dir(publication_id))  # the commit point
        return entry

    def _restatement_diffs(self, plan: PublicationPlan, publication_id: int) -> dict[str, str]:
        """Per agent and indicator (and per agent total), as published vs as restated.

        Empty for a publication that restates nothing, so every publication carries the
        tables and their union always has the same columns.
        """
        return {
            name: self._difference_sql(table, plan.restated, publication_id)
            for name, table in DIFF_TABLES.items()
        }

    def _difference_sql(self, table: str, month: str | None, publication_id: int = 0) -> str:
        """The rows of `table` for `month` whose compared columns differ between the latest
        publication and the candidate (no rows when month is None)."""
        extra_keys, compared = DIFFERENCES[table]
        if month is None:
            published, month = f"select * from {MONTHLY_TABLES[table]} where false", "0001-01"
        else:
            published = self.monthly_sql(table, months=[month])
            if published is None:
                raise RuntimeError(f"{month} has no publication to compare with")
        keys = ", ".join(["scheme_id", "agent_id", "month", *extra_keys])
        columns = ", ".join(
            f"published.{column} as {name}_as_published, restated.{column} as {name}_as_restated"
            for column, name in compared.items()
        )
        changed = " or ".join(f"published.{c} is distinct from restated.{c}" for c in compared)
        return (
            f"select {publication_id} as publication_id, {keys}, {columns} "
            f"from ({published}) as published full outer join ("
            f"select * from {MONTHLY_TABLES[table]} where month = date '{month}-01'"
            f") as restated using ({keys}) where {changed}"
        )

    def refresh(self) -> int | None:
        """Make the published files show the latest publication; return it if they changed."""
        log = self.log()
        if not log:
            return None
        latest = log[-1]["publication_id"]
        if self.current_publication_id() == latest:
            return None
        name = f"{latest:06d}"
        database = self.warehouse_dir / f".published-{name}.duckdb"
        snapshot = self.snapshots / f".tmp-{name}"
        snapshot.mkdir(parents=True)
        with duckdb.connect(str(database)) as conn:
            for table in self.assemble(conn, latest):
                conn.execute(
                    f"copy main.{table} to {_quote(snapshot / f'{table}.parquet')} (format parquet)"
                )
            conn.execute("checkpoint")
        final_snapshot = self.snapshots / name
        if final_snapshot.exists():  # swapped in by a run killed before the symlink
            shutil.rmtree(final_snapshot)
        os.rename(snapshot, final_snapshot)
        os.replace(database, self.published_database)
        if self.published_parquet.exists() and not self.published_parquet.is_symlink():
            raise RuntimeError(f"{self.published_parquet} must be the symlink publication keeps")
        link = self.warehouse_dir / f".published-{name}.link"
        os.symlink(Path(SNAPSHOT_DIR) / name, link)
        os.replace(link, self.published_parquet)
        for old in sorted(p for p in self.snapshots.iterdir() if p.name.isdigit())[
            :-SNAPSHOTS_KEPT
        ]:
            shutil.rmtree(old)
        return latest

    # --- what changed -------------------------------------------------------------------

    def unchanged_months(self, work: duckdb.DuckDBPyConnection, plan: PublicationPlan) -> list[str]:
        """Months of the plan whose latest publication has the same status and, in every
        month-keyed table, exactly the rows of the candidate (publishing them again would
        add a publication that says nothing new)."""
        latest = self.latest_by_month()
        unchanged = []
        for month, status in sorted(plan.statuses.items()):
            published = latest.get(month)
            if published is None or published.status != status:
                continue
            if all(
                self._same_rows(
                    work,
                    f"select * exclude (publication_id, month_status) from read_parquet("
                    f"{_quote(self.entry_dir(published.publication_id) / f'{table}.parquet')}) "
                    f"where month = date '{month}-01'",
                    f"select * from {relation} where month = date '{month}-01'",
                )
                for table, relation in MONTHLY_TABLES.items()
            ):
                unchanged.append(month)
        return unchanged

    def shared_tables_changed(self, work: duckdb.DuckDBPyConnection) -> bool:
        """Whether a table without months (roster, schemes) differs from the latest one
        published. The load log is left out: loading only duplicates moves no score."""
        for table, relation in SHARED_TABLES.items():
            if table == "load_log":
                continue
            published = self.shared_sql(table, None)
            if published is None or not self._same_rows(
                work, published, f"select * from {relation}"
            ):
                return True
        return False

    @staticmethod
    def _same_rows(work: duckdb.DuckDBPyConnection, published_sql: str, candidate_sql: str) -> bool:
        """The two queries give the same column names and the same multiset of rows."""
        columns = [
            [d[0] for d in work.execute(f"select * from ({sql}) limit 0").description]
            for sql in (published_sql, candidate_sql)
        ]
        if columns[0] != columns[1]:
            return False
        (different,) = work.execute(
            f"select count(*) from ((({published_sql}) except all ({candidate_sql})) "
            f"union all (({candidate_sql}) except all ({published_sql})))"
        ).fetchone()
        return different == 0

    # --- late data ----------------------------------------------------------------------

    def held_changes(self, work: duckdb.DuckDBPyConnection, months: Sequence[str]) -> dict:
        """For each held (final) month: rows loaded since its publication, scores that moved."""
        published = self.latest_by_month()
        report = {}
        for month in months:
            since = published[month]
            late_rows = dict(
                work.execute(
                    "select source_name, sum(row_count)::bigint "
                    "from intermediate.int_source_rows__daily "
                    "where month = ? and load_id > ? group by source_name order by source_name",
                    [f"{month}-01", since.last_load_id],
                ).fetchall()
            )
            changed = work.execute(
                f"select count(*) from ({self._difference_sql('mart_agent_scores', month)})"
            ).fetchone()[0]
            report[month] = {
                "publication_id": since.publication_id,
                "late_rows": late_rows,
                "changed_scores": changed,
            }
        return report


def candidate_months(work: duckdb.DuckDBPyConnection) -> list[str]:
    """Months the work database has facts or scores for (YYYY-MM), among the months some
    source row is dated in: a month reached only by a state interval running past midnight
    at its start, or by the roster, has no facts of its own and is not published."""
    return [
        month
        for (month,) in work.execute(
            "select strftime(month, '%Y-%m') from ("
            "select month from marts.fct_agent_monthly "
            "union select month from marts.mart_agent_scores"
            ") where month in (select month from intermediate.int_source_rows__daily) "
            "order by 1"
        ).fetchall()
    ]


def _log_row(entry: Mapping) -> dict:
    statuses = entry["statuses"]
    return {
        "publication_id": entry["publication_id"],
        "published_at": entry["published_at"],
        "as_of": entry["as_of"],
        "months": sorted(statuses),
        "provisional_months": sorted(m for m, s in statuses.items() if s == "provisional"),
        "final_months": sorted(m for m, s in statuses.items() if s == "final"),
        "restated_month": entry.get("restated_month"),
        "restatement_reason": entry.get("restatement_reason"),
        "input_file_hashes": entry["input_files"],
        "code_version": entry["code_version"],
        "gate_result": json.dumps(entry["gate"], ensure_ascii=False),
        "row_counts": json.dumps(entry["row_counts"]),
        "last_load_id": entry["last_load_id"],
        "run_id": entry["run_id"],
        "schemes_from": entry.get("schemes_from"),
    }
