"""Load one source folder of CSV exports into its raw table (SPEC §3).

Per file, in name order:
1. hash the bytes; a file whose content was loaded before is skipped;
2. check it is text and that its header names the contract's columns;
3. read it with DuckDB's CSV reader (all text), structural failures into a rejects table;
4. parse and validate in one SQL pass (validation.py);
5. in one transaction: invalid rows to `raw.quarantine`, rows not seen before to
   `raw.<source>` with their lineage, and a `raw.load_log` row with the counts.

rows read = rows loaded + identical re-sends + rows quarantined, for every file.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project.contract import SOURCES_BY_NAME, Source
from dagster_project.loading.schema import ensure_raw_schema
from dagster_project.loading.validation import checked_rows_sql, problems_sql, sql_literal
from dagster_project.settings import Settings

Progress = Callable[[str], None]
_BINARY_PROBE_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024
KNOWN_AGENTS_SQL = "select agent_id from raw.agents"
UTC_NOW = "timezone('UTC', current_timestamp)"  # the session zone is the center's


class MalformedFile(Exception):
    """The file as a whole cannot be read against the contract."""


@dataclass
class FileLoad:
    """What happened to one file; mirrors its `raw.load_log` row."""

    source: str
    file_path: str
    status: str  # loaded | skipped | failed
    file_hash: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_superseding: int = 0
    rows_quarantined: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    line_numbers_exact: bool = True
    error: str | None = None

    def describe(self) -> str:
        if self.status == "failed":
            return f"{self.file_path}: FAILED: {self.error}"
        if self.status == "skipped":
            return f"{self.file_path}: skipped ({self.error})"
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.quarantine_reasons.items()))
        text = (
            f"{self.file_path}: {self.rows_read} read, {self.rows_loaded} loaded "
            f"({self.rows_superseding} corrections), {self.rows_duplicate} duplicates, "
            f"{self.rows_quarantined} quarantined"
        )
        return text + (f" [{reasons}]" if reasons else "")


@dataclass(frozen=True)
class _FileFacts:
    sha256: str
    size: int
    lines: int  # physical lines, trailing blank lines not counted


def _file_facts(path: Path) -> _FileFacts:
    digest = hashlib.sha256()
    newlines = 0
    size = 0
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            if size == 0 and b"\x00" in chunk[:_BINARY_PROBE_BYTES]:
                raise MalformedFile("binary content (NUL bytes), not a CSV text file")
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            size += len(chunk)
            tail = (tail + chunk)[-4096:]
    stripped = tail.rstrip(b"\r\n \t")
    trailing_newlines = tail[len(stripped) :].count(b"\n")
    lines = newlines - trailing_newlines + (1 if stripped else 0)
    return _FileFacts(sha256=digest.hexdigest(), size=size, lines=lines)


def read_header(path: Path, source: Source) -> list[str]:
    """The file's column names, checked against the contract; MalformedFile if wrong."""
    with path.open("rb") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise MalformedFile("empty file: no header row")
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MalformedFile(
            f"header is not UTF-8 ({error.reason}); convert the file to UTF-8"
        ) from error
    header = [name.strip() for name in next(csv.reader([text.rstrip("\r\n")]))]
    problems = []
    unknown = [n for n in header if n not in source.column_names]
    missing = [n for n in source.required_names if n not in header]
    repeated = sorted({n for n in header if header.count(n) > 1})
    if missing:
        problems.append("missing required column(s) " + ", ".join(missing))
    if unknown:
        problems.append("unknown column(s) " + ", ".join(unknown))
    if repeated:
        problems.append("repeated column(s) " + ", ".join(repeated))
    if problems:
        expected = ",".join(source.column_names)
        raise MalformedFile("wrong header: " + "; ".join(problems) + f" (expected {expected})")
    return header


def _read_csv_sql(path: Path, header: list[str]) -> str:
    columns = ", ".join(f"{sql_literal(name)}: 'VARCHAR'" for name in header)
    return (
        f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, "
        "delim = ',', quote = '\"', escape = '\"', "
        f"columns = {{{columns}}}, store_rejects = true, "
        "rejects_table = '_rejects', rejects_scan = '_reject_scans')"
    )


def _raw_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """Original text of a few lines (for quarantined rows only)."""
    found: dict[int, str] = {}
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number in wanted:
                found[number] = (
                    line.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
                )
                if len(found) == len(wanted):
                    break
    return found


class SourceLoader:
    """Loads the files of one source folder into `raw.<source>`."""

    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        settings: Settings,
        batch_id: str,
        progress: Progress = lambda _message: None,
        first_load_id: int = 1,
    ) -> None:
        """`first_load_id`: the lowest id a new load may take. A build passes one more than
        the newest load any publication records, so a recreated work database numbers its
        loads after those the publication log refers to."""
        self.conn = conn
        self.settings = settings
        self.batch_id = batch_id
        self.progress = progress
        self.first_load_id = first_load_id
        ensure_raw_schema(conn)
        # Text timestamps without an offset are the center's wall-clock time (validation.py).
        conn.execute(f"set TimeZone = {sql_literal(settings.timezone)}")

    def load_folder(self, input_dir: Path, source: Source) -> list[FileLoad]:
        folder = input_dir / source.name
        files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
        if not files:
            self.progress(f"{source.name}: no files in {folder}")
        results = []
        for number, path in enumerate(files, start=1):
            relative = path.relative_to(input_dir).as_posix()
            self.progress(f"{source.name}: file {number}/{len(files)} {relative}")
            result = self.load_file(path, relative, source)
            self.progress("  " + result.describe())
            results.append(result)
        return results

    def load_file(self, path: Path, relative: str, source: Source) -> FileLoad:
        load_id = self._next_load_id()
        started_at = self.conn.execute(f"select {UTC_NOW}").fetchone()[0]
        result = FileLoad(source=source.name, file_path=relative, status="loaded")
        facts = None
        try:
            facts = _file_facts(path)
            result.file_hash = facts.sha256
            earlier = self._earlier_load(facts.sha256)
            if earlier is not None:
                result.status = "skipped"
                result.error = f"same content already loaded from {earlier[0]} (load {earlier[1]})"
            else:
                header = read_header(path, source)
                self.conn.execute("begin transaction")
                try:
                    self._load_rows(path, relative, source, header, facts, load_id, result)
                    self._log(load_id, result, facts, started_at)
                    self.conn.execute("commit")
                except BaseException:
                    self.conn.execute("rollback")
                    raise
                return result
        except MalformedFile as error:
            result.status = "failed"
            result.error = str(error)
        self._log(load_id, result, facts, started_at)
        return result

    # -- steps -------------------------------------------------------------------------

    def _next_load_id(self) -> int:
        return self.conn.execute(
            "select greatest(coalesce(max(load_id), 0) + 1, ?) from raw.load_log",
            [self.first_load_id],
        ).fetchone()[0]

    def _earlier_load(self, sha256: str) -> tuple[str, int] | None:
        return self.conn.execute(
            "select file_path, load_id from raw.load_log "
            "where file_hash = ? and status = 'loaded' order by load_id limit 1",
            [sha256],
        ).fetchone()

    def _load_rows(
        self,
        path: Path,
        relative: str,
        source: Source,
        header: list[str],
        facts: _FileFacts,
        load_id: int,
        result: FileLoad,
    ) -> None:
        conn = self.conn
        conn.execute("drop table if exists _rejects; drop table if exists _reject_scans")
        missing_optional = ", ".join(
            f'null::varchar as "{name}"' for name in source.column_names if name not in header
        )
        try:
            conn.execute(
                "create or replace temp table _incoming as "
                "select row_number() over () as _record, *"
                + (f", {missing_optional}" if missing_optional else "")
                + f" from {_read_csv_sql(path, header)}"
            )
        except duckdb.Error as error:
            raise MalformedFile(f"unreadable as CSV: {error}") from error
        rejects = conn.execute(
            "select line, min(error_type), min(error_message), any_value(csv_line) "
            "from _rejects group by line order by line"
        ).fetchall()
        encoding_errors = [line for line, kind, _, _ in rejects if kind == "INVALID ENCODING"]
        if encoding_errors:
            raise MalformedFile(
                f"not valid UTF-8 (first at line {encoding_errors[0]}); convert the file to UTF-8"
            )
        records = conn.execute("select count(*) from _incoming").fetchone()[0]
        result.rows_read = records + len(rejects)
        result.line_numbers_exact = facts.lines == 1 + result.rows_read

        conn.execute(
            "create or replace temp table _checked as "
            + checked_rows_sql(
                source,
                self._numbered_lines(rejects),
                self.settings.customer_salt,
                KNOWN_AGENTS_SQL,
            )
        )
        self._quarantine(path, source, relative, facts.sha256, load_id, rejects, result)
        self._insert_valid(source, self._lineage_values(relative, facts.sha256, load_id), result)

    def _numbered_lines(self, rejects: list[tuple]) -> str:
        """`_incoming` with `_line`: record + header, plus the rejected lines before it.

        The CSV reader returns records in file order but skips rejected lines, so record r
        sits after every rejected line j whose count of good lines before it is < r.
        """
        if not rejects:
            return "(select *, _record + 1 as _line from _incoming)"
        # Consecutive rejected lines share a good_before: keep the highest count for it.
        gaps: dict[int, int] = {}
        for index, (line, *_rest) in enumerate(rejects, start=1):
            gaps[line - 1 - index] = index
        self.conn.execute(
            "create or replace temp table _gaps (good_before bigint, rejected_so_far bigint)"
        )
        self.conn.executemany("insert into _gaps values (?, ?)", list(gaps.items()))
        return (
            "(select i.*, i._record + 1 + coalesce(g.rejected_so_far, 0) as _line "
            "from _incoming as i asof left join _gaps as g on i._record > g.good_before)"
        )

    def _lineage_values(self, relative: str, sha256: str, load_id: int) -> dict[str, str]:
        return {
            "_source_file": sql_literal(relative),
            "_line_number": "_line",
            "_file_hash": sql_literal(sha256),
            "_batch_id": sql_literal(self.batch_id),
            "_load_id": str(load_id),
            "_loaded_at": UTC_NOW,
            "_row_hash": "_row_hash",
        }

    def _quarantine(
        self,
        path: Path,
        source: Source,
        relative: str,
        sha256: str,
        load_id: int,
        rejects: list[tuple],
        result: FileLoad,
    ) -> None:
        conn = self.conn
        invalid = conn.execute(
            f"with flagged as (select _line, {problems_sql(source, KNOWN_AGENTS_SQL)} as problems "
            "from _checked where _bad) "
            "select _line, problems[1].reason, problems[1].field, "
            "array_to_string(list_transform(problems, lambda p: p.message), '; ') "
            "from flagged order by _line"
        ).fetchall()
        rows = [
            (line, "malformed_row", None, f"line {line}: {message}", csv_line.strip("\r\n"))
            for line, _kind, message, csv_line in rejects
        ]
        texts = _raw_lines(path, {line for line, *_ in invalid}) if invalid else {}
        rows += [
            (line, reason, field_name, f"line {line}: {message}", texts.get(line))
            for line, reason, field_name, message in invalid
        ]
        if not rows:
            return
        conn.executemany(
            f"insert into raw.quarantine values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {UTC_NOW})",
            [
                (
                    load_id,
                    self.batch_id,
                    source.name,
                    relative,
                    sha256,
                    line,
                    reason,
                    fld,
                    msg,
                    text,
                )
                for line, reason, fld, msg, text in rows
            ],
        )
        result.rows_quarantined = len(rows)
        for _line, reason, *_ in rows:
            result.quarantine_reasons[reason] = result.quarantine_reasons.get(reason, 0) + 1

    def _insert_valid(self, source: Source, lineage: dict[str, str], result: FileLoad) -> None:
        """Insert the valid rows not stored before; count re-sends and corrections."""
        conn = self.conn
        table = f"raw.{source.name}"
        valid, distinct = conn.execute(
            "select count(*), count(distinct _row_hash) from _checked where not _bad"
        ).fetchone()
        had_rows = conn.execute(f"select exists (select 1 from {table})").fetchone()[0]
        if had_rows:
            key = [source.column(k).stored_name for k in source.key]
            key_match = " and ".join(
                f'r."{stored}" is not distinct from c."{name}__parsed"'
                for name, stored in zip(source.key, key, strict=True)
            )
            result.rows_superseding = conn.execute(
                f"select count(*) from _checked as c where not c._bad "
                f"and not exists (select 1 from {table} as r where r._row_hash = c._row_hash) "
                f"and exists (select 1 from {table} as r where {key_match})"
            ).fetchone()[0]
        typed = ", ".join(f'"{c.name}__parsed" as "{c.stored_name}"' for c in source.columns)
        lineage_sql = ", ".join(f"{expr} as {name}" for name, expr in lineage.items())
        filters = ["not _bad"]
        if had_rows:
            filters.append(f"_row_hash not in (select _row_hash from {table})")
        # A row repeated within the file is kept once, at its first line.
        first_only = (
            " qualify row_number() over (partition by _row_hash order by _line) = 1"
            if distinct < valid
            else ""
        )
        result.rows_loaded = conn.execute(
            f"insert into {table} by name select {typed}, {lineage_sql} from _checked "
            f"where {' and '.join(filters)}{first_only}"
        ).fetchone()[0]
        result.rows_duplicate = valid - result.rows_loaded

    def _log(self, load_id: int, result: FileLoad, facts: _FileFacts | None, started_at) -> None:
        self.conn.execute(
            "insert into raw.load_log values "
            f"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {UTC_NOW})",
            [
                load_id,
                self.batch_id,
                result.source,
                result.file_path,
                result.file_hash,
                facts.size if facts else None,
                result.status,
                result.error,
                result.rows_read,
                result.rows_loaded,
                result.rows_duplicate,
                result.rows_superseding,
                result.rows_quarantined,
                json.dumps(result.quarantine_reasons, sort_keys=True),
                result.line_numbers_exact,
                started_at,
            ],
        )


def load_sources(
    conn: duckdb.DuckDBPyConnection,
    input_dir: Path,
    settings: Settings,
    batch_id: str,
    sources: list[str] | None = None,
    progress: Progress = lambda _message: None,
) -> list[FileLoad]:
    """Load several source folders; agents first, since other sources are checked against it."""
    names = sources or list(SOURCES_BY_NAME)
    names = sorted(names, key=lambda name: name != "agents")
    loader = SourceLoader(conn, settings, batch_id, progress)
    return [
        result for name in names for result in loader.load_folder(input_dir, SOURCES_BY_NAME[name])
    ]
