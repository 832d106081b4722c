"""Load one source folder of CSV exports and Excel workbooks into its raw table (SPEC §3).

Per file (every `*.csv` and `*.xlsx`, any case, in name order):
1. hash the bytes (a workbook: the cells of its sheet); an empty (0-byte) file is
   skipped, and so is a file that has not changed since this name was last loaded. The
   CSV files of a folder are hashed ahead, two at a time, and an unchanged one is not
   read again: a night with no new file reads each file once, at the speed of SHA-256;
2. check it is text in UTF-8 or GB18030 (encodings.py) and that its header names the
   contract's columns;
3. read it with DuckDB's CSV reader (all text), structural failures into a rejects table,
   and number every record with the physical line it starts on; a workbook sheet is read
   by workbook.py, every record numbered with its Excel row;
4. parse and validate in one SQL pass (validation.py);
5. in one transaction: invalid rows to `raw.quarantine`, rows that differ from the current
   version of their key to `raw.<source>` with their lineage, and a `raw.load_log` row
   with the counts.

rows read = rows loaded + identical re-sends + rows quarantined, for every file.

The latest file wins, for any sequence of files: a row is stored when it differs from the
version of its key that is current when the file loads (not from every version ever
seen), so A, then a correction B, then A again makes A current again. Content seen before
under another name is such a re-send; it is skipped only when it changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from scorecard.contract import SOURCES_BY_NAME, Source
from scorecard.loading.encodings import (
    UTF8_BOM,
    Encoding,
    EncodingProblem,
    Utf8Check,
    choose_encoding,
    transcode_to_utf8,
)
from scorecard.loading.folder_settings import (
    SETTINGS_FILE,
    FolderSettings,
    SettingsError,
    encoding_named,
    folder_settings,
)
from scorecard.loading.header import MalformedFile, check_header
from scorecard.loading.raw_layer import RawLayer
from scorecard.loading.schema import ensure_raw_schema
from scorecard.loading.timestamps import AsOfLimit
from scorecard.loading.validation import (
    IndicatorCatalog,
    RowRules,
    checked_rows_sql,
    problems_sql,
)
from scorecard.loading.workbook import SHEET_SEPARATOR, XLSX_SUFFIX, Sheet, read_sheet
from scorecard.settings import INDICATOR_CATALOG, Settings
from scorecard.sql_text import sql_literal

__all__ = ["FileLoad", "MalformedFile", "SourceLoader", "load_sources", "source_files"]

Progress = Callable[[str], None]
_BINARY_PROBE_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024
_HASHING_THREADS = 2  # files hashed at once, ahead of the loads (SHA-256 is CPU-bound)
# A file changed less than this long ago may still change within the same tick of the
# file system's clock without its times moving: its stat signature is not trusted.
_SETTLED_SECONDS = 2.0
CSV_SUFFIX = ".csv"  # compared case-insensitively: CALLS_2026-09.CSV is a CSV file
EXCEL_LOCK_PREFIX = "~$"  # the lock file Excel writes beside a workbook it has open
KNOWN_AGENTS_SQL = "select agent_id from raw.agents"
UTC_NOW = "timezone('UTC', current_timestamp)"  # the session zone is the center's
# DuckDB reads `[`, `*` and `?` in a path as a glob; each is escaped as a one-character class.
_GLOB_CHARACTERS = "[*?"
# A file this large takes seconds to read: the console says so as its reading starts.
LARGE_FILE_BYTES = 100_000_000


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
    encoding: Encoding | None = None  # a CSV file's; None for a workbook sheet
    sheet: str | None = None  # the workbook sheet loaded
    file_signature: str | None = None  # _stat_signature, taken before the file was read

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
        if not self.line_numbers_exact:
            text += " (line numbers approximate: the CSV readers disagree on this file)"
        if self.encoding is not None and self.encoding.how:
            text += f" (read as {self.encoding.describe()})"
        return text + (f" [{reasons}]" if reasons else "")


@dataclass(frozen=True)
class _FileFacts:
    sha256: str
    size: int
    lines: int  # physical lines, trailing blank lines not counted
    has_nul_bytes: bool  # NUL bytes after the binary probe: rows to check one by one
    starts_with_bom: bool = False  # a UTF-8 byte order mark: UTF-8, whatever is declared
    utf8: Utf8Check | None = None  # whether every byte is valid UTF-8


def _sha256(path: Path) -> str | None:
    """The SHA-256 of a CSV file's bytes (a workbook's hash is of its sheet's cells: None).

    All that decides whether a known file changed. hashlib releases the GIL while it
    hashes a chunk, so two threads hash two files at once."""
    if is_workbook(path):
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


class LastLoad(NamedTuple):
    """The last raw.load_log row of a file name."""

    load_id: int
    file_hash: str | None
    status: str
    file_signature: str | None

    def hash_stands(self) -> bool:
        """Whether its hash stands for rows in the warehouse: the load loaded the file or
        found it unchanged (a failed load's hash and signature do not)."""
        return self.status in ("loaded", "skipped")


def _unchanged_since(last: LastLoad | None, sha256: str) -> int | None:
    """The load that read this very file: same name, same content, nothing since.

    Files stay in the input folder and every build sees them again; only a new name
    or new content under a known name is a delivery.
    """
    if last and last.hash_stands() and last.file_hash == sha256:
        return last.load_id
    return None


def _recorded_hash(last: LastLoad | None, signature: str | None) -> str | None:
    """The SHA-256 the last load of this name recorded, if it also recorded this stat
    signature (the file has not been written since); None: hash the file."""
    if signature is None or not (last and last.hash_stands()):
        return None
    return last.file_hash if last.file_signature == signature else None


def _stat_signature(path: Path, now: float) -> str | None:
    """A CSV file's size, modification and change times, inode and device, as one string.

    While all of them stay the same, so do the bytes: writing a file moves its change time
    (ctime), which no program can set back, unlike the modification time. Git and rsync
    trust the same. A load records it, and the next build takes the recorded SHA-256
    instead of reading the file again (at 1,000 agents × 12 months: 12.75 GB, 10 s a night).
    None for a workbook (its hash is of its cells) and for a file changed within the last
    _SETTLED_SECONDS: a write in the same clock tick could leave its times as they were
    (git's "racy" files), so such a file is hashed again on the next build.
    """
    if is_workbook(path):
        return None
    status = path.stat()
    if now - max(status.st_mtime, status.st_ctime) < _SETTLED_SECONDS:
        return None
    return (
        f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}"
        f":{status.st_ino}:{status.st_dev}"
    )


def _file_facts(path: Path) -> _FileFacts:
    digest = hashlib.sha256()
    utf8 = Utf8Check()
    newlines = 0
    size = 0
    tail = b""
    head = b""
    has_nul_bytes = False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            if size == 0:
                if b"\x00" in chunk[:_BINARY_PROBE_BYTES]:
                    raise MalformedFile("binary content (NUL bytes), not a CSV text file")
                head = chunk[:3]
            has_nul_bytes = has_nul_bytes or b"\x00" in chunk
            digest.update(chunk)
            utf8.feed(chunk)
            newlines += chunk.count(b"\n")
            size += len(chunk)
            tail = (tail + chunk[-4096:])[-4096:]
    utf8.feed(b"", final=True)
    stripped = tail.rstrip(b"\r\n \t")
    trailing_newlines = tail[len(stripped) :].count(b"\n")
    lines = newlines - trailing_newlines + (1 if stripped else 0)
    return _FileFacts(
        sha256=digest.hexdigest(),
        size=size,
        lines=lines,
        has_nul_bytes=has_nul_bytes,
        starts_with_bom=head == UTF8_BOM,
        utf8=utf8,
    )


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() == XLSX_SUFFIX


def source_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The CSV files and workbooks of a source folder in name order, and what else it holds
    (ignored).

    The extension matches in any case. Hidden files (`.name`, such as the `._calls.csv`
    macOS leaves on shared drives), the `~$name.xlsx` lock file Excel keeps beside a
    workbook it has open, and sub-folders are not exports; `source.toml` is the folder's
    settings (folder_settings.py).
    """
    if not folder.is_dir():
        return [], []
    files, ignored = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name == SETTINGS_FILE and path.is_file():
            continue
        if path.name.startswith("."):
            ignored.append(f"{path.name} (hidden file)")
        elif path.name.startswith(EXCEL_LOCK_PREFIX):
            ignored.append(f"{path.name} (Excel's lock file of an open workbook)")
        elif not path.is_file():
            ignored.append(f"{path.name} (not a file)")
        elif path.suffix.lower() not in (CSV_SUFFIX, XLSX_SUFFIX):
            ignored.append(f"{path.name} (not a .csv or .xlsx file)")
        else:
            files.append(path)
    return files, ignored


def read_header(path: Path, source: Source) -> list[str]:
    """The file's column names, checked against the contract; MalformedFile if wrong.

    `path` is UTF-8 here: a GB18030 file has been converted (encodings.py) before.
    """
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
    return check_header([name.strip() for name in next(csv.reader([text.rstrip("\r\n")]))], source)


def literal_path(path: Path) -> str:
    """A path DuckDB reads as that one file: its glob characters escaped (`[[]`, `[*]`)."""
    return "".join(f"[{c}]" if c in _GLOB_CHARACTERS else c for c in str(path))


def _read_csv_sql(path: Path, header: list[str]) -> str:
    columns = ", ".join(f"{sql_literal(name)}: 'VARCHAR'" for name in header)
    return (
        f"read_csv({sql_literal(literal_path(path))}, header = true, auto_detect = false, "
        "delim = ',', quote = '\"', escape = '\"', "
        f"columns = {{{columns}}}, store_rejects = true, "
        "rejects_table = '_rejects', rejects_scan = '_reject_scans')"
    )


@dataclass(frozen=True)
class _Span:
    """The physical lines of one record: a quoted field may span several."""

    first: int
    last: int


def _physical_lines(path: Path) -> Iterator[str]:
    """The file's lines split at LF only (what a line number counts), BOM removed."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle):
            text = raw.decode("utf-8", errors="replace")
            yield text.lstrip("\ufeff") if number == 0 else text


def _record_spans(path: Path, width: int) -> tuple[list[_Span], list[_Span]] | None:
    """Where each record starts and ends, for records of `width` fields and for the others.

    DuckDB's reader gives neither: it skips blank lines and counts a quoted field spanning
    lines as one line. Python's reader walks the same dialect and counts physical lines;
    records with the header's number of fields are the ones DuckDB returns, in order, the
    others are its rejects. None when Python cannot read the file either.
    """
    csv.field_size_limit(sys.maxsize)
    full: list[_Span] = []
    other: list[_Span] = []
    reader = csv.reader(_physical_lines(path))
    try:
        next(reader, None)  # the header
        last = reader.line_num
        for record in reader:
            span = _Span(last + 1, reader.line_num)
            last = span.last
            if record:  # a blank line is no record
                (full if len(record) == width else other).append(span)
    except csv.Error:
        return None
    return full, other


def _record_texts(path: Path, spans: list[_Span]) -> dict[int, str]:
    """Original text of a few records (for quarantined rows), by first line."""
    wanted = {line: span for span in spans for line in range(span.first, span.last + 1)}
    last_wanted = max(wanted, default=0)
    parts: dict[int, list[str]] = {}
    for number, line in enumerate(_physical_lines(path), start=1):
        if number > last_wanted:
            break
        span = wanted.get(number)
        if span is not None:
            parts.setdefault(span.first, []).append(line.rstrip("\r\n"))
    return {first: "\n".join(lines) for first, lines in parts.items()}


@dataclass(frozen=True)
class _Numbering:
    """Physical line numbers of a file's records and rejected lines."""

    incoming_sql: str  # `_incoming` with `_line`: the line each record starts on
    rejected: list[_Span]  # in the order of DuckDB's rejects
    spans: dict[int, _Span]  # first line -> span, for records spanning several lines
    exact: bool


@dataclass(frozen=True)
class _Rows:
    """A file's records in `_incoming` (text columns and `_line`), however it was read.

    malformed: (line, message) of each record the reader could not split into the
    header's columns; texts_of: the original text of given lines, for the quarantine.
    """

    incoming_sql: str
    count: int  # records + malformed records: the rows read
    malformed: list[tuple[int, str]]
    texts_of: Callable[[list[int]], dict[int, str]]
    exact: bool = True


@dataclass
class _Document:
    """One thing the loader loads: a CSV file (perhaps converted to UTF-8) or a sheet."""

    path: Path  # the file in the input folder
    relative: str  # its lineage name: calls/x.csv, attendance/考勤.xlsx!Sheet1
    facts: _FileFacts
    sheet: Sheet | None = None  # set for a workbook
    read_path: Path | None = None  # a CSV file as UTF-8 (the file itself or a converted copy)
    encoding: Encoding | None = None


class SourceLoader:
    """Loads the files of one source folder into `raw.<source>`."""

    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        settings: Settings,
        batch_id: str,
        progress: Progress = lambda _message: None,
        as_of: date | None = None,
        first_load_id: int = 1,
        notice: Progress | None = None,
        trust_file_signatures: bool = True,
    ) -> None:
        """`first_load_id`: the lowest id a new load may take. A build passes one more than
        the newest load any publication records, so a recreated work database numbers its
        loads after those the publication log refers to. `progress` hears of every file;
        `notice` (by default `progress`) of a large file as its reading starts.
        `trust_file_signatures=False` (`scorecard build --full-rebuild`) hashes every file
        again, whatever its stat signature says."""
        self.conn = conn
        self.settings = settings
        self.batch_id = batch_id
        self.progress = progress
        self.notice = notice or progress
        self.first_load_id = first_load_id
        self.trust_file_signatures = trust_file_signatures
        # The day the run takes as today: rows dated after it (plus a day) are quarantined.
        self.as_of_limit = AsOfLimit(
            as_of or datetime.now(ZoneInfo(settings.timezone)).date(), settings.timezone
        )
        # indicator_inputs/ rows must name a code the catalog lets a center supply.
        self.indicator_catalog = IndicatorCatalog.read(INDICATOR_CATALOG)
        ensure_raw_schema(conn)
        self.raw_layer = RawLayer.beside(conn)
        if self.raw_layer is not None:
            removed, rewritten = self.raw_layer.reconcile(conn)
            if removed or rewritten:
                self.notice(
                    f"raw layer: {removed} file(s) of loads an earlier run did not commit "
                    f"removed, {rewritten} committed load(s) written again"
                )
        # Text timestamps without an offset are the center's wall-clock time (validation.py).
        conn.execute(f"set TimeZone = {sql_literal(settings.timezone)}")

    def load_folder(self, input_dir: Path, source: Source) -> list[FileLoad]:
        folder = input_dir / source.name
        files, ignored = source_files(folder)
        for name in ignored:
            self.progress(f"{source.name}: ignored {name}")
        if not files:
            self.progress(f"{source.name}: no files in {folder}")
            return []
        try:
            run_encoding = (
                encoding_named(self.settings.csv_encoding, "--encoding")
                if self.settings.csv_encoding
                else None
            )
            declared = folder_settings(folder, source.name, run_encoding)
        except SettingsError as error:
            # Reading the folder's files on a guess would load them wrongly: none is read.
            result = FileLoad(
                source=source.name,
                file_path=f"{source.name}/{SETTINGS_FILE}",
                status="failed",
                error=f"{error}; none of the folder's {len(files)} file(s) was loaded",
            )
            self._log(self._next_load_id(), result, None, self._now())
            self.progress("  " + result.describe())
            return [result]
        results = []
        now = time.time()
        relatives = [path.relative_to(input_dir).as_posix() for path in files]
        signatures = [_stat_signature(path, now) for path in files]
        last_loads = self._last_loads(relatives)
        recorded = [
            _recorded_hash(last_loads.get(relative), signature)
            if self.trust_file_signatures
            else None
            for relative, signature in zip(relatives, signatures, strict=True)
        ]
        with ThreadPoolExecutor(max_workers=_HASHING_THREADS) as hashing:
            # Ahead of the loads, in file order; a file whose stat signature a load
            # recorded is not read again.
            hashes = hashing.map(lambda path, known: known or _sha256(path), files, recorded)
            for number, (path, relative, signature, sha256) in enumerate(
                zip(files, relatives, signatures, hashes, strict=True), start=1
            ):
                self.progress(f"{source.name}: file {number}/{len(files)} {relative}")
                result = self._skip_unchanged(
                    path, relative, source, sha256, signature, last_loads.get(relative)
                )
                if result is None:
                    size = path.stat().st_size
                    if size >= LARGE_FILE_BYTES:
                        self.notice(f"{source.name}: reading {relative} ({size / 1e6:,.0f} MB)")
                    result = self.load_file(path, relative, source, declared, signature)
                self.progress("  " + result.describe())
                results.append(result)
        return results

    def _skip_unchanged(
        self,
        path: Path,
        relative: str,
        source: Source,
        sha256: str | None,
        signature: str | None,
        last: LastLoad | None,
    ) -> FileLoad | None:
        """The skipped load of a CSV file this name last loaded with the same bytes, from its
        hash alone; None when it is to be read (load_file then checks it in full). An
        empty file is left to load_file, which says it is empty."""
        size = path.stat().st_size
        if sha256 is None or size == 0:
            return None
        unchanged_since = _unchanged_since(last, sha256)
        if unchanged_since is None:
            return None
        load_id, started_at = self._next_load_id(), self._now()
        result = FileLoad(source=source.name, file_path=relative, status="skipped")
        result.file_hash, result.error = sha256, f"unchanged since load {unchanged_since}"
        result.file_signature = signature
        self._log(load_id, result, size, started_at)
        return result

    def _now(self) -> datetime:
        return self.conn.execute(f"select {UTC_NOW}").fetchone()[0]

    def load_file(
        self,
        path: Path,
        relative: str,
        source: Source,
        declared: FolderSettings | None = None,
        signature: str | None = None,
    ) -> FileLoad:
        declared = declared or FolderSettings()
        load_id = self._next_load_id()
        started_at = self._now()
        result = FileLoad(
            source=source.name, file_path=relative, status="loaded", file_signature=signature
        )
        document = None
        with ExitStack() as cleanup:
            try:
                document = self._open(path, relative, source, declared)
                result.file_path, result.file_hash = document.relative, document.facts.sha256
                result.sheet = document.sheet.name if document.sheet else None
                unchanged_since = _unchanged_since(
                    self._last_load(document.relative), document.facts.sha256
                )
                if document.facts.size == 0:  # holds no data; not a malformed file
                    result.status = "skipped"
                    result.error = "empty file (0 bytes): nothing to load"
                elif unchanged_since is not None:
                    result.status = "skipped"
                    result.error = f"unchanged since load {unchanged_since}"
                else:
                    self._prepare_text(document, declared, cleanup)
                    result.encoding = document.encoding
                    header = (
                        document.sheet.header
                        if document.sheet
                        else read_header(document.read_path, source)
                    )
                    earlier = self._earlier_load(document.facts.sha256)
                    self.conn.execute("begin transaction")
                    try:
                        self._load_rows(document, source, header, load_id, result)
                        if earlier is not None and result.rows_loaded == 0:
                            # A re-send that changes nothing: skipped, its rows already counted.
                            self.conn.execute("rollback")
                            result = FileLoad(
                                source=source.name,
                                file_path=document.relative,
                                status="skipped",
                                file_hash=document.facts.sha256,
                                error=f"same content as {earlier[0]} (load {earlier[1]}), "
                                "every row already current",
                                encoding=document.encoding,
                                sheet=result.sheet,
                            )
                        else:
                            self._log(load_id, result, document.facts.size, started_at)
                            self.conn.execute("commit")
                            return result
                    except BaseException:
                        self.conn.execute("rollback")
                        raise
            except MalformedFile as error:
                result.status = "failed"
                result.error = str(error)
        self._log(load_id, result, document.facts.size if document else None, started_at)
        return result

    # -- steps -------------------------------------------------------------------------

    def _open(
        self, path: Path, relative: str, source: Source, declared: FolderSettings
    ) -> _Document:
        """Hash the file (a workbook: read its sheet, whose cells are what is hashed)."""
        if not is_workbook(path):
            return _Document(path, relative, _file_facts(path))
        size = path.stat().st_size
        if size == 0:
            facts = _FileFacts(hashlib.sha256(b"").hexdigest(), 0, 0, False)
            return _Document(path, relative, facts)
        sheet = read_sheet(path, source, declared.sheet)
        facts = _FileFacts(sha256=sheet.sha256, size=size, lines=0, has_nul_bytes=False)
        return _Document(path, f"{relative}{SHEET_SEPARATOR}{sheet.name}", facts, sheet=sheet)

    def _prepare_text(
        self, document: _Document, declared: FolderSettings, cleanup: ExitStack
    ) -> None:
        """Decide a CSV file's encoding; a GB18030 file is converted to UTF-8 to be read."""
        if document.sheet is not None:
            return
        facts = document.facts
        try:
            document.encoding = choose_encoding(
                document.path, facts.starts_with_bom, facts.utf8, declared
            )
            if document.encoding.name == "utf-8":
                document.read_path = document.path
                return
            # The converted copy holds the file's rows: private, in the warehouse directory.
            folder = cleanup.enter_context(
                tempfile.TemporaryDirectory(prefix=".converted-", dir=self.settings.warehouse_dir)
            )
            document.read_path = Path(folder) / "utf8.csv"
            transcode_to_utf8(document.path, document.read_path, document.encoding.name)
        except EncodingProblem as error:
            raise MalformedFile(str(error)) from error

    def _next_load_id(self) -> int:
        return self.conn.execute(
            "select greatest(coalesce(max(load_id), 0) + 1, ?) from raw.load_log",
            [self.first_load_id],
        ).fetchone()[0]

    def _last_loads(self, relatives: list[str]) -> dict[str, LastLoad]:
        """The last load of each of these names (one query for a folder's files)."""
        rows = self.conn.execute(
            "select file_path, load_id, file_hash, status, file_signature from raw.load_log "
            "where file_path in (select unnest(?)) "
            "qualify row_number() over (partition by file_path order by load_id desc) = 1",
            [relatives],
        ).fetchall()
        return {row[0]: LastLoad(*row[1:]) for row in rows}

    def _last_load(self, relative: str) -> LastLoad | None:
        return self._last_loads([relative]).get(relative)

    def _earlier_load(self, sha256: str) -> tuple[str, int] | None:
        return self.conn.execute(
            "select file_path, load_id from raw.load_log "
            "where file_hash = ? and status = 'loaded' order by load_id desc limit 1",
            [sha256],
        ).fetchone()

    def _load_rows(
        self,
        document: _Document,
        source: Source,
        header: list[str],
        load_id: int,
        result: FileLoad,
    ) -> None:
        rows = (
            self._sheet_rows(document.sheet, source)
            if document.sheet is not None
            else self._csv_rows(document.read_path, source, header, document.facts)
        )
        result.rows_read = rows.count
        result.line_numbers_exact = rows.exact
        rules = RowRules(
            KNOWN_AGENTS_SQL,
            self.as_of_limit,
            document.facts.has_nul_bytes,
            self.indicator_catalog,
        )
        self.conn.execute(
            "create or replace temp table _checked as "
            + checked_rows_sql(source, rows.incoming_sql, self.settings.customer_salt, rules)
        )
        self._quarantine(document, source, load_id, rows, rules, result)
        self._insert_versions(
            source,
            self._lineage_values(document.relative, document.facts.sha256, load_id),
            result,
        )

    def _csv_rows(self, path: Path, source: Source, header: list[str], facts: _FileFacts) -> _Rows:
        """Read a (UTF-8) CSV file into `_incoming` with DuckDB's reader, lines numbered."""
        conn = self.conn
        conn.execute("drop table if exists _rejects; drop table if exists _reject_scans")
        try:
            conn.execute(
                "create or replace temp table _incoming as "
                "select row_number() over () as _record, *"
                + _missing_columns_sql(source, header)
                + f" from {_read_csv_sql(path, header)}"
            )
        except duckdb.Error as error:
            raise MalformedFile(f"unreadable as CSV: {error}") from error
        rejects = conn.execute(
            "select line, min(error_type), min(error_message), any_value(csv_line) "
            "from _rejects group by line order by line"
        ).fetchall()
        encoding_errors = [line for line, kind, *_ in rejects if kind == "INVALID ENCODING"]
        if encoding_errors:
            raise MalformedFile(
                f"not valid UTF-8 (first at line {encoding_errors[0]}); convert the file to "
                "UTF-8, or declare its encoding in source.toml"
            )
        records = conn.execute("select count(*) from _incoming").fetchone()[0]
        numbering = self._number_lines(path, len(header), facts, records, rejects)

        def texts_of(lines: list[int]) -> dict[int, str]:
            spans = [numbering.spans.get(line, _Span(line, line)) for line in lines]
            texts = _record_texts(path, spans)
            if not numbering.exact:
                # DuckDB's own text of what it rejected: its line may not be the physical one.
                texts |= {line: text.strip("\r\n") for line, _kind, _message, text in rejects}
            return texts

        return _Rows(
            incoming_sql=numbering.incoming_sql,
            count=records + len(rejects),
            malformed=[
                (span.first, message)
                for span, (_line, _kind, message, _text) in zip(
                    numbering.rejected, rejects, strict=True
                )
            ],
            texts_of=texts_of,
            exact=numbering.exact,
        )

    def _sheet_rows(self, sheet: Sheet, source: Source) -> _Rows:
        """A workbook sheet's records into `_incoming`, each numbered with its Excel row."""
        columns = {
            name: pa.array([record.texts[i] for record in sheet.records], pa.string())
            for i, name in enumerate(sheet.header)
        }
        columns["_line"] = pa.array([record.row for record in sheet.records], pa.int64())
        self.conn.register("_sheet_records", pa.table(columns))
        try:
            self.conn.execute(
                "create or replace temp table _incoming as select *"
                + _missing_columns_sql(source, sheet.header)
                + " from _sheet_records where _line not in (select unnest(?::bigint[]))",
                [[r.row for r in sheet.records if r.cells_beyond_header]],
            )
        finally:
            self.conn.unregister("_sheet_records")
        width = len(sheet.header)
        texts = {record.row: record.as_text() for record in sheet.records}
        return _Rows(
            incoming_sql="_incoming",
            count=len(sheet.records),
            malformed=[
                (
                    r.row,
                    f"{r.cells_beyond_header} value(s) right of the header's {width} columns",
                )
                for r in sheet.records
                if r.cells_beyond_header
            ],
            texts_of=lambda lines: {line: texts[line] for line in lines if line in texts},
        )

    def _number_lines(
        self, path: Path, width: int, facts: _FileFacts, records: int, rejects: list[tuple]
    ) -> _Numbering:
        """Number each record with its physical line (header = 1).

        When every physical line after the header is one record or one rejected line (no
        blank lines, no field spanning lines: nearly every export), DuckDB's reject line
        numbers are physical and a record's line follows from them. Otherwise Python's
        reader finds where each record starts (_record_spans).
        """
        if facts.lines == 1 + records + len(rejects):
            rejected = [_Span(line, line) for line, *_ in rejects]
            return _Numbering(self._lines_between_rejects(rejects), rejected, {}, exact=True)
        spans = _record_spans(path, width)
        if spans is None or len(spans[0]) != records or len(spans[1]) != len(rejects):
            # The two readers disagree on this file; keep DuckDB's count and say so.
            rejected = [_Span(line, line) for line, *_ in rejects]
            return _Numbering(self._lines_between_rejects(rejects), rejected, {}, exact=False)
        full, other = spans
        self.conn.execute(
            "create or replace temp table _record_lines as "
            "select unnest(range(1, ? + 1)) as _record, unnest(?::bigint[]) as _line",
            [len(full), [span.first for span in full]],
        )
        multi_line = {span.first: span for span in (*full, *other) if span.last > span.first}
        return _Numbering(
            "(select i.*, n._line from _incoming as i "
            "inner join _record_lines as n using (_record))",
            other,
            multi_line,
            exact=True,
        )

    def _lines_between_rejects(self, rejects: list[tuple]) -> str:
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
        document: _Document,
        source: Source,
        load_id: int,
        rows: _Rows,
        rules: RowRules,
        result: FileLoad,
    ) -> None:
        conn = self.conn
        invalid = conn.execute(
            f"with flagged as (select _line, {problems_sql(source, rules)} as problems "
            "from _checked where _bad) "
            "select _line, problems[1].reason, problems[1].field, "
            "array_to_string(list_transform(problems, lambda p: p.message), '; ') "
            "from flagged order by _line"
        ).fetchall()
        quarantined = [(line, "malformed_row", None, message) for line, message in rows.malformed]
        quarantined += [
            (line, reason, field_name, message) for line, reason, field_name, message in invalid
        ]
        if not quarantined:
            return
        texts = rows.texts_of([line for line, *_ in quarantined])
        quarantined.sort(key=lambda row: row[0])
        # One insert of all the rows, not one statement per row (executemany): a file with
        # 12,501 quarantined rows spent 10 s in that.
        columns = pa.table(
            {
                "line": pa.array([line for line, *_ in quarantined], pa.int64()),
                "reason": pa.array([reason for _line, reason, *_ in quarantined], pa.string()),
                "field": pa.array([fld for _line, _reason, fld, _msg in quarantined], pa.string()),
                "message": pa.array(
                    [f"{_where(document, line)}: {msg}" for line, _r, _f, msg in quarantined],
                    pa.string(),
                ),
                "text": pa.array([texts.get(line) for line, *_ in quarantined], pa.string()),
            }
        )
        conn.register("_quarantined", columns)
        conn.execute(
            "insert into raw.quarantine select ?, ?, ?, ?, ?, line, reason, field, message, "
            f"text, {UTC_NOW} from _quarantined order by line",
            [load_id, self.batch_id, source.name, document.relative, document.facts.sha256],
        )
        conn.unregister("_quarantined")
        result.rows_quarantined = len(quarantined)
        for _line, reason, *_ in quarantined:
            result.quarantine_reasons[reason] = result.quarantine_reasons.get(reason, 0) + 1

    def _insert_versions(self, source: Source, lineage: dict[str, str], result: FileLoad) -> None:
        """Store each valid row that differs from the version it follows; count the rest.

        A row follows the previous line of its key in this file, or, for the key's first
        line here, the version current before this file (latest load, then last line,
        as staging reads it). Equal: an identical re-send (a duplicate). Different: a new
        version, which staging makes current because it comes later; a correction when
        the key had a version before. Comparing with the current version rather than
        with every version ever stored is what lets a re-sent old file win again.
        """
        conn = self.conn
        table = f"raw.{source.name}"
        keys = [f'"{name}__parsed"' for name in source.key]
        stored_keys = [f'"{source.column(name).stored_name}"' for name in source.key]

        def same_key(left: str, right: str, right_keys: list[str]) -> str:
            return " and ".join(
                f"{left}.{mine} is not distinct from {right}.{theirs}"
                for mine, theirs in zip(keys, right_keys, strict=True)
            )

        valid, distinct_keys = conn.execute(
            f"select count(*), count(distinct ({', '.join(keys)})) from _checked where not _bad"
        ).fetchone()
        # The current version of each key of this file that the table already holds.
        conn.execute(
            "create or replace temp table _current as "
            f"select {', '.join(f'r.{s} as {k}' for s, k in zip(stored_keys, keys, strict=True))}, "
            "r._row_hash as _current_hash from ("
            f"select {', '.join(stored_keys)}, _row_hash, row_number() over ("
            f"partition by {', '.join(stored_keys)} order by _load_id desc, _line_number desc"
            f") as _rank from {table} as r semi join _checked as c "
            f"on not c._bad and {same_key('c', 'r', stored_keys)}) as r where _rank = 1"
        )
        typed = ", ".join(f'"{c.name}__parsed" as "{c.stored_name}"' for c in source.columns)
        lineage_sql = ", ".join(f"{expr} as {name}" for name, expr in lineage.items())
        if distinct_keys == valid:
            # Each key once in this file (nearly always): compare with the current version.
            new_rows = (
                "select * from _checked as c where not c._bad and not exists ("
                f"select 1 from _current as k where {same_key('c', 'k', keys)} "
                "and k._current_hash = c._row_hash)"
            )
        else:
            # A key on several lines: each line follows the one before it.
            previous = (
                f"coalesce(lag(c._row_hash) over (partition by {', '.join(f'c.{k}' for k in keys)} "
                "order by c._line), k._current_hash)"
            )
            new_rows = (
                f"select * from (select c.*, {previous} as _previous_hash from _checked as c "
                f"left join _current as k on {same_key('c', 'k', keys)} where not c._bad) "
                "where _previous_hash is distinct from _row_hash"
            )
        result.rows_loaded = conn.execute(
            f"insert into {table} by name select {typed}, {lineage_sql} from ({new_rows})"
        ).fetchone()[0]
        (keys_with_a_version,) = conn.execute("select count(*) from _current").fetchone()
        # A key new to the table stores its first line here; every other stored row
        # follows an earlier version of its key: a correction.
        result.rows_superseding = result.rows_loaded - (distinct_keys - keys_with_a_version)
        result.rows_duplicate = valid - result.rows_loaded

    def _log(self, load_id: int, result: FileLoad, file_bytes: int | None, started_at) -> None:
        values = {
            "load_id": load_id,
            "batch_id": self.batch_id,
            "source": result.source,
            "file_path": result.file_path,
            "file_hash": result.file_hash,
            "file_bytes": file_bytes,
            "status": result.status,
            "error": result.error,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_duplicate": result.rows_duplicate,
            "rows_superseding": result.rows_superseding,
            "rows_quarantined": result.rows_quarantined,
            "quarantine_reasons": json.dumps(result.quarantine_reasons, sort_keys=True),
            "line_numbers_exact": result.line_numbers_exact,
            "started_at": started_at,
            "encoding": result.encoding.name if result.encoding else None,
            "sheet": result.sheet,
            "file_signature": result.file_signature,
        }
        self.conn.execute(
            f"insert into raw.load_log ({', '.join(values)}, finished_at) "
            f"values ({', '.join('?' * len(values))}, {UTC_NOW})",
            list(values.values()),
        )
        if self.raw_layer is not None:
            self.raw_layer.write_load(self.conn, load_id, result.source)


def _missing_columns_sql(source: Source, header: list[str]) -> str:
    """`, null as <column>` for each contract column the file does not have."""
    missing = [f'null::varchar as "{name}"' for name in source.column_names if name not in header]
    return "".join(f", {column}" for column in missing)


def _where(document: _Document, line: int) -> str:
    """How a clerk finds the row: `line 17`, or `row 17` of a workbook sheet."""
    return f"row {line}" if document.sheet is not None else f"line {line}"


def load_sources(
    conn: duckdb.DuckDBPyConnection,
    input_dir: Path,
    settings: Settings,
    batch_id: str,
    sources: list[str] | None = None,
    progress: Progress = lambda _message: None,
    as_of: date | None = None,
) -> list[FileLoad]:
    """Load several source folders; agents first, since other sources are checked against it."""
    names = sources or list(SOURCES_BY_NAME)
    names = sorted(names, key=lambda name: name != "agents")
    loader = SourceLoader(conn, settings, batch_id, progress, as_of)
    return [
        result for name in names for result in loader.load_folder(input_dir, SOURCES_BY_NAME[name])
    ]
