"""Raw loading (SPEC §3): lineage, quarantine, re-sends, corrections, malformed files."""

from __future__ import annotations

import itertools
import os
import time
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

from scorecard import contract
from scorecard.contract import Column
from scorecard.loading import loader
from scorecard.loading.timestamps import date_sql, month_sql, timestamp_sql
from scorecard.loading.validation import parse_expression
from tests.conftest import CALLS_HEADER, Warehouse, write_export

GOOD_CALL = (
    "C1,A1,main,inbound,CUST-1,2026-01-31T10:00:00,2026-01-31T10:00:05,2026-01-31T10:03:05,"
    "170,0,10,answered"
)


def by_file(results, name):
    return next(r for r in results if r.file_path == name)


def forbid(patched: pytest.MonkeyPatch, function: str) -> None:
    """Fail the test if the loader calls `function` (a file read it should not do)."""

    def called(path):
        raise AssertionError(f"{path} was read by loader.{function}")

    patched.setattr(loader, function, called)


def record_hashing(patched: pytest.MonkeyPatch) -> list:
    """The paths the loader hashes from now on (it still hashes them)."""
    hashed, real_sha256 = [], loader._sha256
    patched.setattr(loader, "_sha256", lambda path: hashed.append(path) or real_sha256(path))
    return hashed


def test_each_kind_of_bad_row_is_quarantined_with_its_reason_and_line(warehouse: Warehouse):
    rows = [
        GOOD_CALL,  # line 2
        "C2,A1,main,inbound,,,,2026-01-31T10:03:05,0,0,0,missed",  # 3 missing offered_at
        "C3,A1,main,inbound,,31/13/2026 25:00,,2026-01-31T10:03:05,0,0,0,missed",  # 4
        "C4,A1,main,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,0,0,0,hung_up",  # 5
        "C5,A1,main,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,-5,0,0,missed",  # 6
        "C6,A1,main,inbound,,2026-01-31T10:00:00,,2026-01-31T09:00:00,0,0,0,missed",  # 7
        "C7,A9999,main,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,0,0,0,missed",  # 8
        "C8,A1,main,inbound",  # 9: too few fields
        "C9,A1,main,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,0,0,0,missed,extra",  # 10
        "C10,,main,inbound,CUST-2,2026-01-31T11:00:00,,2026-01-31T11:01:00,,,,abandoned",  # 11
        "C11,,main,inbound,CUST-2,2026-01-31T11:00:00,,2026-01-31T11:01:00,,,,missed",  # 12
    ]
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, rows)
    qa_header = (
        "evaluation_id,call_id,agent_id,evaluator_id,evaluated_at,score,fatal_error,"
        "calibrates_evaluation_id"
    )
    write_export(
        warehouse.input_dir / "qa_evaluations" / "qa.csv",
        qa_header,
        [
            "E1,C1,A1,Q1,2026-01-31T12:00:00,91.5,false,",
            "E2,C1,A1,Q1,2026-01-31T12:00:00,130,false,",
            "E3,C1,A1,Q1,2026-01-31T12:00:00,88,maybe,",
        ],
    )

    results = warehouse.load(["calls", "qa_evaluations"])

    quarantined = warehouse.query(
        "select source_file, line_number, reason, field from raw.quarantine "
        "order by source_file, line_number"
    )
    assert quarantined == [
        ("calls/calls.csv", 3, "missing_required", "offered_at"),
        ("calls/calls.csv", 4, "unparsable", "offered_at"),
        ("calls/calls.csv", 5, "unknown_enum", "disposition"),
        ("calls/calls.csv", 6, "negative_duration", "talk_seconds"),
        ("calls/calls.csv", 7, "ended_before_started", "ended_at"),
        ("calls/calls.csv", 8, "unknown_agent", "agent_id"),
        ("calls/calls.csv", 9, "malformed_row", None),
        ("calls/calls.csv", 10, "malformed_row", None),
        ("calls/calls.csv", 12, "missing_required", "agent_id"),
        ("qa_evaluations/qa.csv", 3, "out_of_range", "score"),
        ("qa_evaluations/qa.csv", 4, "unparsable", "fatal_error"),
    ]
    # The good rows keep their physical line, also after the rejected lines 9 and 10.
    assert warehouse.query("select call_id, _line_number from raw.calls order by _line_number") == [
        ("C1", 2),
        ("C10", 11),
    ]
    calls = by_file(results, "calls/calls.csv")
    assert (calls.rows_read, calls.rows_loaded, calls.rows_quarantined) == (11, 2, 9)
    assert calls.quarantine_reasons == {
        "ended_before_started": 1,
        "malformed_row": 2,
        "missing_required": 2,
        "negative_duration": 1,
        "unknown_agent": 1,
        "unknown_enum": 1,
        "unparsable": 1,
    }
    raw_text = warehouse.query(
        "select raw_text, message from raw.quarantine where line_number = 5"
    )[0]
    assert raw_text[0] == rows[3]
    assert "'hung_up' is not a known disposition" in raw_text[1]


def test_rows_read_always_equal_loaded_plus_duplicates_plus_quarantined(warehouse: Warehouse):
    write_export(
        warehouse.input_dir / "calls" / "calls.csv",
        CALLS_HEADER,
        [GOOD_CALL, GOOD_CALL, "C8,A1,main,inbound"],
    )
    warehouse.load()
    logged = warehouse.query(
        "select rows_read, rows_loaded + rows_duplicate + rows_quarantined from raw.load_log"
    )
    assert all(read == accounted for read, accounted in logged)
    assert warehouse.query("select count(*) from raw.calls") == [(1,)]


def test_loading_the_same_directory_twice_changes_nothing(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, [GOOD_CALL])
    warehouse.load()
    counts = warehouse.query(
        "select count(*) from raw.calls union all select count(*) from raw.agents"
    )

    second = warehouse.load()

    assert {r.status for r in second} == {"skipped"}
    assert (
        warehouse.query("select count(*) from raw.calls union all select count(*) from raw.agents")
        == counts
    )
    assert counts == [(1,), (3,)]


def test_an_unchanged_file_is_judged_by_its_hash_alone(warehouse: Warehouse, monkeypatch):
    """A night with no new file reads each file once, to hash it: the full reading (encoding,
    line count, NUL bytes) is only for a file that is to be loaded. A file changed under
    its name is read in full and loaded."""
    calls = warehouse.input_dir / "calls" / "calls.csv"
    write_export(calls, CALLS_HEADER, [GOOD_CALL])
    first = by_file(warehouse.load(["calls"]), "calls/calls.csv")

    with monkeypatch.context() as patched:
        forbid(patched, "_file_facts")  # the full reading
        skipped = by_file(warehouse.load(["calls"]), "calls/calls.csv")
    assert (first.status, skipped.status) == ("loaded", "skipped")
    (first_load,) = warehouse.query(
        "select load_id from raw.load_log where file_path = 'calls/calls.csv'"
    )[0]
    assert skipped.error == f"unchanged since load {first_load}"
    write_export(calls, CALLS_HEADER, [GOOD_CALL, GOOD_CALL.replace("C1,", "C2,", 1)])
    changed = by_file(warehouse.load(["calls"]), "calls/calls.csv")
    assert (changed.status, changed.rows_loaded) == ("loaded", 1)
    assert warehouse.query(
        "select status, file_bytes, file_hash is not null from raw.load_log "
        "where file_path = 'calls/calls.csv' order by load_id"
    ) == [
        ("loaded", len(CALLS_HEADER) + len(GOOD_CALL) + 2, True),
        ("skipped", len(CALLS_HEADER) + len(GOOD_CALL) + 2, True),
        ("loaded", calls.stat().st_size, True),
    ]


def test_an_identical_row_resent_in_another_file_is_not_counted_twice(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "day1.csv", CALLS_HEADER, [GOOD_CALL])
    second_call = GOOD_CALL.replace("C1,", "C2,", 1)
    # Same row again, written with a different but equivalent timestamp notation and CRLF.
    resent = GOOD_CALL.replace("2026-01-31T10:00:00", "2026-01-31 10:00:00")
    write_export(
        warehouse.input_dir / "calls" / "day2.csv", CALLS_HEADER, [resent, second_call], crlf=True
    )

    results = warehouse.load(["calls"])

    day2 = by_file(results, "calls/day2.csv")
    assert (day2.rows_loaded, day2.rows_duplicate, day2.rows_superseding) == (1, 1, 0)
    assert warehouse.query("select call_id from raw.calls order by call_id") == [("C1",), ("C2",)]


def test_a_corrected_row_supersedes_the_old_one_which_stays_queryable(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "day1.csv", CALLS_HEADER, [GOOD_CALL])
    warehouse.load(["calls"])
    corrected = GOOD_CALL.replace(",170,0,10,", ",175,0,12,")
    write_export(warehouse.input_dir / "calls" / "day2.csv", CALLS_HEADER, [corrected])

    results = warehouse.load(["calls"])

    assert by_file(results, "calls/day2.csv").rows_superseding == 1
    versions = warehouse.query(
        "select talk_seconds, acw_seconds, _source_file from raw.calls "
        "where call_id = 'C1' order by _load_id"
    )
    assert versions == [(170, 10, "calls/day1.csv"), (175, 12, "calls/day2.csv")]


def test_a_file_with_a_wrong_header_fails_alone_naming_the_file(warehouse: Warehouse):
    write_export(
        warehouse.input_dir / "calls" / "a_wrong.csv",
        CALLS_HEADER.replace("offered_at", "offer_time"),
        [GOOD_CALL],
    )
    write_export(warehouse.input_dir / "calls" / "b_good.csv", CALLS_HEADER, [GOOD_CALL])

    results = warehouse.load(["calls"])

    wrong = by_file(results, "calls/a_wrong.csv")
    assert wrong.status == "failed"
    assert "missing required column(s) offered_at" in wrong.error
    assert "unknown column(s) offer_time" in wrong.error
    assert by_file(results, "calls/b_good.csv").rows_loaded == 1
    assert warehouse.query(
        "select status, error is not null from raw.load_log where file_path = 'calls/a_wrong.csv'"
    ) == [("failed", True)]


def test_binary_and_wrongly_encoded_files_fail_alone(warehouse: Warehouse):
    calls = warehouse.input_dir / "calls"
    calls.mkdir(parents=True)
    (calls / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # Windows-1252 (é is one byte, 0xE9, then a comma): neither UTF-8 nor GB18030.
    latin_row = "C2,A1,café,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,0,0,0,missed"
    (calls / "latin.csv").write_bytes((CALLS_HEADER + "\n" + latin_row + "\n").encode("cp1252"))
    write_export(calls / "good.csv", CALLS_HEADER, [GOOD_CALL])

    results = warehouse.load(["calls"])

    assert "binary" in by_file(results, "calls/binary.csv").error
    assert by_file(results, "calls/latin.csv").error == (
        "neither UTF-8 (first invalid byte on line 2) nor GB18030 (line 2); save the file as "
        "UTF-8, or declare its encoding in source.toml"
    )
    assert by_file(results, "calls/good.csv").status == "loaded"
    assert warehouse.query("select count(*) from raw.calls") == [(1,)]


def test_bom_and_crlf_are_accepted(warehouse: Warehouse):
    write_export(
        warehouse.input_dir / "calls" / "bom.csv", CALLS_HEADER, [GOOD_CALL], bom=True, crlf=True
    )

    results = warehouse.load(["calls"])

    assert by_file(results, "calls/bom.csv").rows_loaded == 1
    assert warehouse.query("select call_id, disposition, _line_number from raw.calls") == [
        ("C1", "answered", 2)
    ]


def test_timestamps_with_an_offset_are_absolute_and_without_are_center_local(warehouse: Warehouse):
    rows = [
        # 23:59:59 local on the last day of January is 15:59:59 UTC the same day.
        "C1,A1,main,inbound,,2026-01-31T23:59:59,,2026-01-31T23:59:59,0,0,0,missed",
        # Midnight at UTC+8 on 1 February is still 31 January in UTC.
        "C2,A1,main,inbound,,2026-02-01T00:00:00+08:00,,2026-02-01T00:00:00+08:00,0,0,0,missed",
        # A UTC instant written with Z.
        "C3,A1,main,inbound,,2026-02-01T00:00:00Z,,2026-02-01T00:00:01Z,0,0,0,missed",
    ]
    write_export(warehouse.input_dir / "calls" / "tz.csv", CALLS_HEADER, rows)

    warehouse.load(["calls"])

    assert warehouse.query("select call_id, offered_at from raw.calls order by call_id") == [
        ("C1", datetime(2026, 1, 31, 15, 59, 59)),
        ("C2", datetime(2026, 1, 31, 16, 0, 0)),
        ("C3", datetime(2026, 2, 1, 0, 0, 0)),
    ]


def test_customer_ids_are_stored_only_as_a_salted_hash(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, [GOOD_CALL])

    warehouse.load(["calls"])

    columns = [
        name
        for (name,) in warehouse.query(
            "select column_name from information_schema.columns where table_name = 'calls'"
        )
    ]
    assert "customer_id" not in columns
    (stored,) = warehouse.query("select customer_hash from raw.calls")[0]
    assert len(stored) == 64 and "CUST-1" not in stored
    everything = warehouse.query("select string_agg(cast(c as varchar), '|') from raw.calls as c")
    assert "CUST-1" not in everything[0][0]


def test_every_raw_row_carries_its_lineage(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, [GOOD_CALL])

    warehouse.load(["calls"])

    row_key, source_file, line, file_hash, batch_id = warehouse.query(
        "select _row_key, _source_file, _line_number, _file_hash, _batch_id from raw.calls"
    )[0]
    (logged_hash,) = warehouse.query(
        "select file_hash from raw.load_log where file_path = 'calls/calls.csv'"
    )[0]
    assert (source_file, line, batch_id) == ("calls/calls.csv", 2, "batch-1")
    assert file_hash == logged_hash and row_key == f"{file_hash[:16]}:2"


def test_line_numbers_stay_exact_around_any_pattern_of_rejected_lines(warehouse: Warehouse):
    # Malformed lines at the first data line, in runs, and at the end of the file.
    malformed_lines = {2, 3, 7, 8, 9, 15, 31}
    rows = []
    for line in range(2, 32):
        call_id = f"L{line}"
        rows.append(
            f"{call_id},A1,main"
            if line in malformed_lines
            else GOOD_CALL.replace("C1,", f"{call_id},", 1)
        )
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, rows)

    warehouse.load(["calls"])

    loaded = warehouse.query("select call_id, _line_number from raw.calls")
    assert loaded and all(call_id == f"L{line}" for call_id, line in loaded)
    assert len(loaded) == 30 - len(malformed_lines)
    assert {line for (line,) in warehouse.query("select line_number from raw.quarantine")} == (
        malformed_lines
    )


VERSIONS = {  # call_id -> talk_seconds in each version of one export
    "A": {"V1": 100, "V2": 50},
    "B": {"V1": 120, "V2": 50},
    "C": {"V1": 130, "V2": 55},
}


def export_version(path, version: str) -> None:
    write_export(
        path,
        CALLS_HEADER,
        [
            GOOD_CALL.replace("C1,", f"{call_id},", 1).replace(",170,0,10,", f",{talk},0,10,")
            for call_id, talk in VERSIONS[version].items()
        ],
    )


def current_versions(warehouse: Warehouse) -> dict[str, int]:
    """The version staging shows (latest_version: latest load, then last line)."""
    return dict(
        warehouse.query(
            "select call_id, talk_seconds from (select *, row_number() over ("
            "partition by call_id order by _load_id desc, _line_number desc) as version_rank "
            "from raw.calls) where version_rank = 1 order by call_id"
        )
    )


@pytest.mark.parametrize("same_name", [False, True], ids=["new-name", "same-name-replaced"])
@pytest.mark.parametrize("sequence", ["ABA", "ABBA", "AAB", "ABCBA", "BAB"])
def test_the_latest_file_wins_for_any_sequence_of_deliveries(tmp_path, sequence, same_name):
    warehouse = Warehouse(tmp_path)
    for step, version in enumerate(sequence, start=1):
        name = "delivery.csv" if same_name else f"delivery_{step}.csv"
        export_version(warehouse.input_dir / "calls" / name, version)

        results = warehouse.load(["calls"])

        assert current_versions(warehouse) == VERSIONS[version], f"after {sequence[:step]}"
        assert all(
            r.rows_read == r.rows_loaded + r.rows_duplicate + r.rows_quarantined for r in results
        )
    # Each delivery stored exactly the rows that differed from what was current before it.
    changes = sum(
        sum(VERSIONS[now][k] != VERSIONS[before][k] for k in VERSIONS[now])
        for before, now in itertools.pairwise(sequence)
    )
    assert warehouse.query("select count(*) from raw.calls") == [(len(VERSIONS["A"]) + changes,)]


def test_a_key_repeated_within_a_file_ends_at_its_last_line(warehouse: Warehouse):
    first = GOOD_CALL
    second = GOOD_CALL.replace(",170,0,10,", ",175,0,12,")
    write_export(warehouse.input_dir / "calls" / "day.csv", CALLS_HEADER, [first, second, first])
    write_export(warehouse.input_dir / "calls" / "echo.csv", CALLS_HEADER, [first, first])

    results = warehouse.load(["calls"])

    day, echo = by_file(results, "calls/day.csv"), by_file(results, "calls/echo.csv")
    assert (day.rows_loaded, day.rows_superseding, day.rows_duplicate) == (3, 2, 0)
    # Both lines equal the current version (line 4 of day.csv): nothing changes.
    assert (echo.status, echo.rows_loaded, echo.rows_duplicate) == ("loaded", 0, 2)
    assert warehouse.query(
        "select talk_seconds, _line_number from raw.calls order by _load_id, _line_number"
    ) == [(170, 2), (175, 3), (170, 4)]
    assert current_versions(warehouse) == {"C1": 170}


def test_a_file_unchanged_since_it_was_loaded_is_not_read_again(warehouse: Warehouse):
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, [GOOD_CALL])
    (first_load,) = [r for r in warehouse.load(["calls"]) if r.source == "calls"]

    (again,) = [r for r in warehouse.load(["calls"]) if r.source == "calls"]

    (load_id,) = warehouse.query(
        "select load_id from raw.load_log where file_path = 'calls/calls.csv' and status = 'loaded'"
    )[0]
    assert (first_load.status, again.status) == ("loaded", "skipped")
    assert again.error == f"unchanged since load {load_id}"
    assert warehouse.query("select count(*) from raw.calls") == [(1,)]


def test_a_file_not_written_since_its_load_is_not_even_hashed(warehouse: Warehouse, monkeypatch):
    """A night with no new file takes each file's SHA-256 from the load that recorded its
    stat signature (size, times, inode). Writing the file moves its change time, which
    setting the modification time back does not undo: it is hashed and loaded. A full
    rebuild hashes every file again."""
    monkeypatch.setattr(loader, "_SETTLED_SECONDS", 0.0)  # the file was written just now
    calls = warehouse.input_dir / "calls" / "calls.csv"
    write_export(calls, CALLS_HEADER, [GOOD_CALL])
    first = by_file(warehouse.load(["calls"]), "calls/calls.csv")

    with monkeypatch.context() as patched:
        forbid(patched, "_sha256")
        skipped = by_file(warehouse.load(["calls"]), "calls/calls.csv")
    assert (first.status, skipped.status) == ("loaded", "skipped")
    assert skipped.file_hash == first.file_hash
    with (
        monkeypatch.context() as patched,
        duckdb.connect(str(warehouse.settings.work_database)) as conn,
    ):
        hashed = record_hashing(patched)
        full_rebuild = loader.SourceLoader(
            conn, warehouse.settings, "full-rebuild", trust_file_signatures=False
        )
        (rehashed,) = full_rebuild.load_folder(
            warehouse.input_dir, contract.SOURCES_BY_NAME["calls"]
        )
    assert (hashed, rehashed.status) == ([calls], "skipped")  # --full-rebuild hashes again
    before = calls.stat()
    time.sleep(0.05)  # past the file system clock's tick
    write_export(calls, CALLS_HEADER, [GOOD_CALL.replace(",170,", ",171,")])  # same size
    os.utime(calls, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (calls.stat().st_size, calls.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    changed = by_file(warehouse.load(["calls"]), "calls/calls.csv")
    assert (changed.status, changed.rows_superseding) == ("loaded", 1)
    assert changed.file_hash != first.file_hash
    assert current_versions(warehouse) == {"C1": 171}


def test_a_file_written_moments_before_its_load_is_hashed_again(warehouse: Warehouse, monkeypatch):
    """Within _SETTLED_SECONDS of a write, a second write in the same clock tick could
    leave the file's times as they were: its signature is not recorded, so the next build
    hashes it."""
    calls = warehouse.input_dir / "calls" / "calls.csv"
    write_export(calls, CALLS_HEADER, [GOOD_CALL])
    warehouse.load(["calls"])
    hashed = record_hashing(monkeypatch)

    again = by_file(warehouse.load(["calls"]), "calls/calls.csv")

    assert again.status == "skipped"
    assert calls in hashed
    assert warehouse.query(
        "select file_signature from raw.load_log where file_path = 'calls/calls.csv'"
    ) == [(None,), (None,)]


# What the loader reads from a timestamp text: UTC, or None (unparsable). Center: UTC+8.
TIMESTAMP_FORMS = {
    "2026-09-30T23:00:00": datetime(2026, 9, 30, 15, 0),
    "2026-09-30 23:00": datetime(2026, 9, 30, 15, 0),
    "2026-09-30T23:00:00.123456": datetime(2026, 9, 30, 15, 0, 0, 123456),
    "2026-09-30T23:00:00Z": datetime(2026, 9, 30, 23, 0),
    "2026-09-30T23:00:00+08:00": datetime(2026, 9, 30, 15, 0),
    "2026-09-30T23:00:00+0800": datetime(2026, 9, 30, 15, 0),
    "2026-09-30T23:00:00-05": datetime(2026, 10, 1, 4, 0),
    "2026-09-30 23:00:00 UTC": datetime(2026, 9, 30, 23, 0),
    "2026/9/3 9:05": datetime(2026, 9, 3, 1, 5),
    "2026/09/30 23:00:59": datetime(2026, 9, 30, 15, 0, 59),
    # The forms Excel and Chinese systems write (issue 14), center time:
    "2026/9/3 8:00": datetime(2026, 9, 3, 0, 0),
    "2026-09-03 8:00": datetime(2026, 9, 3, 0, 0),
    "2026-09-03 8:00:30": datetime(2026, 9, 3, 0, 0, 30),
    "2026年9月3日 08:00:00": datetime(2026, 9, 3, 0, 0),
    "2026年9月3日8:00": datetime(2026, 9, 3, 0, 0),
    "2026年09月30日 23:59": datetime(2026, 9, 30, 15, 59),
    "2026.09.03 8:00": datetime(2026, 9, 3, 0, 0),
    "2026.9.3 18:05:09": datetime(2026, 9, 3, 10, 5, 9),
    "2026.09.03": None,  # a date, not a time
    "2026年9月3日": None,
    "2026年2月30日 08:00": None,  # no such day
    "2026/9/3 24:00": None,
    "2026/9/3 8:0": None,  # minutes have two digits
    "2026-9-3 8:00": None,  # with dashes, month and day are ISO's two digits
    "2026年9月3日 上午8:00": None,  # 上午/下午 (a.m./p.m.) is not read
    "2026/9/3 8:00 CST": None,
    "2026-09-30 23:00:00 CST": None,  # China Standard or US Central: not guessed
    "2026-09-30 23:00:00 EST": None,
    "2026-09-30 23:00:00 Asia/Shanghai": None,
    "2026-09-30T24:00:00": None,  # would become the next day
    "2026-09-30T23:00:00.1234567": None,  # the seventh digit would be rounded away
    "2026-09-30": None,  # a date is not a time
    "2026-9-30 23:00:00": None,
    "2026-02-30T10:00:00": None,
    "30/09/2026 23:00": None,
    "2026/9/30 23:00 +08:00": None,
    "1759244400": None,
}


def test_only_the_documented_timestamp_forms_are_read():
    with duckdb.connect() as conn:
        conn.execute("set TimeZone = 'Asia/Shanghai'")
        read = {
            text: conn.execute(f"select {timestamp_sql('?::varchar')}", [text] * 4).fetchone()[0]
            for text in TIMESTAMP_FORMS
        }
    assert read == TIMESTAMP_FORMS


# Date and month columns: the same year-first forms, and nothing else.
DATE_FORMS = {
    "2026-09-03": date(2026, 9, 3),
    "2026/9/3": date(2026, 9, 3),
    "2026/09/03": date(2026, 9, 3),
    "2026.09.03": date(2026, 9, 3),
    "2026.9.3": date(2026, 9, 3),
    "2026年9月3日": date(2026, 9, 3),
    "2026-9-3": None,
    "2026/2/29": None,  # 2026 is no leap year
    "2026/9/3 8:00": None,  # a time is not a date
    "03/09/2026": None,  # day or month first: ambiguous
    "20260903": None,
    "45903": None,  # a date serial in text: only a workbook's number cell is a serial
}
MONTH_FORMS = {
    "2026-09": date(2026, 9, 1),
    "2026/9": date(2026, 9, 1),
    "2026.09": date(2026, 9, 1),
    "2026年9月": date(2026, 9, 1),
    "2026年09月": date(2026, 9, 1),
    "2026-9": None,
    "2026/13": None,
    "2026-09-01": None,
    "9月": None,
}


def test_only_the_documented_date_and_month_forms_are_read():
    with duckdb.connect() as conn:
        read_date = {
            text: conn.execute(f"select {date_sql('v')} from (select ? as v)", [text]).fetchone()[0]
            for text in DATE_FORMS
        }
        read_month = {
            text: conn.execute(f"select {month_sql('v')} from (select ? as v)", [text]).fetchone()[
                0
            ]
            for text in MONTH_FORMS
        }
    assert read_date == DATE_FORMS
    assert read_month == MONTH_FORMS


def test_an_unreadable_date_names_the_field_the_value_and_every_accepted_form(
    warehouse: Warehouse,
):
    rows = [
        "A1,2026-01-05,2026年1月5日 09:00,,,,present",  # line 2
        "A1,2026/1/6,2026/1/6 9:00,2026/1/6 18:00,2026.01.06 8:59,2026.1.6 18:01:30,present",
        "A1,2026.1.7,1/7/2026 9:00,,,,present",  # line 4: month first
        "A1,1月8日,,,,,present",  # line 5: no year
    ]
    write_export(
        warehouse.input_dir / "attendance" / "shifts.csv",
        "agent_id,work_date,shift_start,shift_end,clock_in,clock_out,status",
        rows,
    )

    (shifts,) = [r for r in warehouse.load(["attendance"]) if r.source == "attendance"]

    assert (shifts.rows_loaded, shifts.quarantine_reasons) == (2, {"unparsable": 2})
    assert warehouse.query(
        "select work_date, shift_start, clock_out from raw.attendance order by work_date"
    ) == [
        (date(2026, 1, 5), datetime(2026, 1, 5, 1, 0), None),
        (date(2026, 1, 6), datetime(2026, 1, 6, 1, 0), datetime(2026, 1, 6, 10, 1, 30)),
    ]
    assert warehouse.query(
        "select line_number, field, message from raw.quarantine order by line_number"
    ) == [
        (
            4,
            "shift_start",
            "line 4: cannot read '1/7/2026 9:00' in shift_start as a timestamp: "
            "YYYY-MM-DD HH:MM[:SS] with an optional offset (Z, +08:00), or center time as "
            "YYYY-MM-DD H:MM[:SS], YYYY/M/D H:MM[:SS], YYYY.M.D H:MM[:SS] or "
            "YYYY年M月D日 H:MM[:SS]",
        ),
        (
            5,
            "work_date",
            "line 5: cannot read '1月8日' in work_date as a date: "
            "YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日",
        ),
    ]


NUMBER_FORMS = {  # (kind, text) -> the value stored, or None (unparsable)
    (contract.INTEGER, "42"): 42,
    (contract.INTEGER, "-3"): -3,
    (contract.INTEGER, "4.0"): 4,
    (contract.INTEGER, "3.5"): None,
    (contract.INTEGER, "4.6"): None,
    (contract.INTEGER, "1e3"): None,
    (contract.INTEGER, "1,000"): None,
    (contract.MONEY, "12.30"): Decimal("12.30"),
    (contract.MONEY, "12.300"): Decimal("12.30"),
    (contract.MONEY, "12.345"): None,
    (contract.MONEY, ".5"): Decimal("0.50"),
    (contract.NUMBER, "91.5"): 91.5,
    (contract.NUMBER, "1e2"): 100.0,
    (contract.NUMBER, "nan"): None,
    (contract.NUMBER, "inf"): None,
    (contract.NUMBER, "0x10"): None,
}


def test_numbers_are_read_exactly_or_not_at_all():
    with duckdb.connect() as conn:
        read = {
            (kind, text): conn.execute(
                f"select {parse_expression(Column('v', kind), 'salt')} from (select ? as v)",
                [text],
            ).fetchone()[0]
            for kind, text in NUMBER_FORMS
        }
    assert read == NUMBER_FORMS


def test_line_numbers_are_marked_approximate_when_the_two_csv_readers_disagree(
    warehouse: Warehouse,
):
    # Text after a closing quote: DuckDB rejects the line, Python's reader keeps it; with a
    # blank line the numbers cannot be cross-checked, and the load says so.
    stray_quote = 'C2,A1,"ma"in,inbound,,2026-01-31T10:00:00,,2026-01-31T10:00:30,0,0,0,missed'
    rows = [GOOD_CALL, "", stray_quote]
    write_export(warehouse.input_dir / "calls" / "odd.csv", CALLS_HEADER, rows)

    (odd,) = [r for r in warehouse.load(["calls"]) if r.source == "calls"]

    assert (odd.rows_read, odd.rows_loaded, odd.quarantine_reasons) == (2, 1, {"malformed_row": 1})
    assert odd.line_numbers_exact is False
    assert "line numbers approximate" in odd.describe()
    assert warehouse.query(
        "select line_numbers_exact from raw.load_log where file_path = 'calls/odd.csv'"
    ) == [(False,)]


def test_a_warehouse_from_before_a_column_was_added_gains_it(warehouse: Warehouse):
    """Work databases outlive releases: a raw table or load_log column added since is added
    on the next load, and the rows already there read NULL in it."""
    write_export(warehouse.input_dir / "calls" / "calls.csv", CALLS_HEADER, [GOOD_CALL])
    warehouse.load(["calls"])
    with duckdb.connect(str(warehouse.settings.work_database)) as conn:
        conn.execute("alter table raw.load_log drop column file_signature")
        conn.execute("alter table raw.calls drop column queue")
    write_export(
        warehouse.input_dir / "calls" / "calls-2.csv",
        CALLS_HEADER,
        [GOOD_CALL.replace("C1,", "C2,", 1)],
    )

    warehouse.load(["calls"])

    assert warehouse.query("select call_id, queue from raw.calls order by call_id") == [
        ("C1", None),
        ("C2", "main"),
    ]
    assert warehouse.query(
        "select file_path, status, file_signature is null from raw.load_log "
        "where source = 'calls' order by load_id"
    ) == [
        ("calls/calls.csv", "loaded", True),
        ("calls/calls-2.csv", "loaded", True),
        ("calls/calls.csv", "skipped", True),
    ]
