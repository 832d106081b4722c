"""An operator's bad day (issue 13): inputs that used to lose or change data without a word.

One warehouse receives every kind of awkward input over four loads (a correction and two
re-sends of the original arrive later), then dbt builds the staging models once. Each test
checks one kind: the counts in `raw.load_log`, what `raw.*` and staging hold, and what the
loader said (its progress line or the quarantine message).
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest

from scorecard.settings import DBT_PROJECT_DIR
from tests.conftest import CALLS_HEADER, Warehouse, write_export
from tests.dbt_runner import run_dbt

AS_OF = date(2026, 10, 15)
SURVEYS_HEADER = "survey_id,call_id,agent_id,responded_at,rating"
SALES_HEADER = "order_id,agent_id,customer_id,call_id,ordered_at,amount,status"
ATTENDANCE_HEADER = "agent_id,work_date,shift_start,shift_end,clock_in,clock_out,status"


def missed_call(call_id: str, at: str = "2026-10-01T10:00:00", queue: str = "main") -> str:
    """A valid missed call offered and ended at `at` (any text: the form is under test)."""
    return f"{call_id},A1,{queue},inbound,,{at},,{at},0,0,0,missed"


def answered_call(call_id: str, talk: int, acw: int = 10) -> str:
    return (
        f"{call_id},A1,main,inbound,CUST-9,2026-10-02T09:00:00,2026-10-02T09:00:05,"
        f"2026-10-02T09:10:00,{talk},0,{acw},answered"
    )


# Version A of two calls, a correction B of the first, then A again (twice).
ORIGINAL = [answered_call("V1", talk=100), answered_call("V2", talk=50)]
CORRECTION = [answered_call("V1", talk=120), answered_call("V2", talk=50)]

# Physical lines of a file with quoted fields spanning lines and blank lines.
MULTILINE_ROWS = [
    'M1,A1,"VIP',  # 2: the queue spans lines 2-3
    '  customers",inbound,,2026-10-03T10:00:00,,2026-10-03T10:00:00,0,0,0,missed',  # 3
    "",  # 4: blank
    "M2,A1,main,inbound,,2026-10-03T10:00:00,,2026-10-03T10:00:00,0,0,0,hung_up",  # 5: bad
    missed_call("M3", "2026-10-03T11:00:00"),  # 6
    "M4,A1,main",  # 7: too few fields
    'M5,A1,"night',  # 8: spans 8-9 and ends before it starts
    '  shift",inbound,,2026-10-03T12:00:00,,2026-10-03T11:00:00,0,0,0,missed',  # 9
    missed_call("M6", "2026-10-03T13:00:00"),  # 10
]
NUL_FILE_ROWS = 1000
NUL_ROW_INDEX = 899  # the 900th data row: physical line 901, well after the first 64 KB


@pytest.fixture(scope="module")
def bad_day(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("bad_day")
    warehouse = Warehouse(root)
    calls = warehouse.input_dir / "calls"
    # 1. Names that are glob patterns to DuckDB, next to the names they would match.
    write_export(calls / "calls[1].csv", CALLS_HEADER, [missed_call("G1"), missed_call("G2")])
    write_export(calls / "calls1.csv", CALLS_HEADER, [missed_call("G9")])
    write_export(calls / "calls*.csv", CALLS_HEADER, [missed_call("G7")])
    # 2. An upper-case extension; things in the folder that are not exports.
    write_export(
        calls / "CALLS_2026-09.CSV", CALLS_HEADER, [missed_call("U1", "2026-09-20T10:00:00")]
    )
    (calls / "notes.txt").write_text("sent by the IVR vendor\n", encoding="utf-8")
    (calls / "._CALLS_2026-09.CSV").write_bytes(b"\x00\x05\x16\x07")  # macOS resource fork
    # 3. The original; the correction and the re-sends come in later loads.
    write_export(calls / "v1_original.csv", CALLS_HEADER, ORIGINAL)
    # 4. Decimals in a whole-number column and an amount with three decimals.
    write_export(
        warehouse.input_dir / "surveys" / "ratings.csv",
        SURVEYS_HEADER,
        [
            "R1,,A1,2026-10-02T10:00:00,3.5",
            "R2,,A1,2026-10-02T10:00:00,4.6",
            "R3,,A1,2026-10-02T10:00:00,5",
            "R4,,A1,2026-10-02T10:00:00,4.0",
        ],
    )
    write_export(
        warehouse.input_dir / "sales" / "orders.csv",
        SALES_HEADER,
        ["O1,A1,,,2026-10-02T10:00:00,12.345,paid", "O2,A1,,,2026-10-02T10:00:00,12.30,paid"],
    )
    # 5. Time-zone words and offsets, and the slash form.
    write_export(
        calls / "zones.csv",
        CALLS_HEADER,
        [
            missed_call("Z1", "2026-09-30 23:00:00 CST"),
            missed_call("Z2", "2026-09-30T23:00:00+08:00"),
            missed_call("Z3", "2026-09-30 23:00:00 UTC"),
            missed_call("Z4", "2026/9/30 23:00"),
            missed_call("Z5", "2026-09-30 23:00:00 Asia/Shanghai"),
            missed_call("Z6", "2026-09-30T23:00:00.1234567"),
        ],
    )
    # 6. Quoted fields spanning lines and a blank line before the bad rows.
    write_export(calls / "multiline.csv", CALLS_HEADER, MULTILINE_ROWS)
    # 7. Rows dated after the as-of day, one within the day of tolerance.
    write_export(
        calls / "future.csv",
        CALLS_HEADER,
        [
            missed_call("F1", "2030-01-05T10:00:00"),
            missed_call("F2", "2026-10-16T23:59:59"),
            missed_call("F3", "2026-10-17T00:00:00"),
        ],
    )
    write_export(
        warehouse.input_dir / "attendance" / "shifts.csv",
        ATTENDANCE_HEADER,
        ["A1,2026-10-16,,,,,rest", "A1,2026-10-17,,,,,rest"],
    )
    # 8. A NUL byte in one row, far beyond the first 64 KB.
    nul_rows = [
        missed_call(f"N{number:04d}", queue="q" * 100 + ("\x00" if number == NUL_ROW_INDEX else ""))
        for number in range(NUL_FILE_ROWS)
    ]
    write_export(calls / "with_nul.csv", CALLS_HEADER, nul_rows)
    # 9. Empty files, one of them in the roster folder every other source depends on.
    (calls / "empty.csv").write_bytes(b"")
    (warehouse.input_dir / "agents" / "empty.csv").write_bytes(b"")

    messages: list[str] = []
    warehouse.load(as_of=AS_OF, progress=messages.append)
    write_export(calls / "v2_correction.csv", CALLS_HEADER, CORRECTION)
    warehouse.load(as_of=AS_OF, progress=messages.append)
    for resend in ("v3_original_again.csv", "v4_original_once_more.csv"):
        shutil.copyfile(calls / "v1_original.csv", calls / resend)  # byte-identical
        warehouse.load(as_of=AS_OF, progress=messages.append)

    run_dbt(
        DBT_PROJECT_DIR,
        warehouse.settings.work_database,
        "run",
        "--select",
        "staging",
        "--target-path",
        str(root / "dbt_target"),
    )
    return {"warehouse": warehouse, "messages": messages}


def logged(bad_day: dict, file_path: str) -> list[tuple]:
    """(status, read, loaded, duplicate, superseding, quarantined, reasons, error) per load."""
    rows = bad_day["warehouse"].query(
        "select status, rows_read, rows_loaded, rows_duplicate, rows_superseding, "
        "rows_quarantined, quarantine_reasons, error from raw.load_log "
        "where file_path = ? order by load_id",
        [file_path],
    )
    return [(*row[:6], json.loads(row[6]), row[7]) for row in rows]


def query(bad_day: dict, sql: str, params: list | None = None) -> list[tuple]:
    return bad_day["warehouse"].query(sql, params)


def quarantined(bad_day: dict, file_path: str) -> list[tuple]:
    return query(
        bad_day,
        "select line_number, reason, field, message, raw_text from raw.quarantine "
        "where source_file = ? order by line_number",
        [file_path],
    )


def test_1_a_file_name_with_glob_characters_is_that_file(bad_day):
    for name, rows in (("calls/calls[1].csv", 2), ("calls/calls1.csv", 1), ("calls/calls*.csv", 1)):
        # Read once (later loads find it unchanged), its own rows only.
        assert logged(bad_day, name)[0][:6] == ("loaded", rows, rows, 0, 0, 0), name
        assert [status for status, *_ in logged(bad_day, name)[1:]] == ["skipped"] * 3
    by_file_sql = "select {id}, {file}, {line} from {table} where {id} like 'G%' order by {id}"
    expected = [
        ("G1", "calls/calls[1].csv", 2),
        ("G2", "calls/calls[1].csv", 3),
        ("G7", "calls/calls*.csv", 2),
        ("G9", "calls/calls1.csv", 2),
    ]
    raw = by_file_sql.format(
        id="call_id", file="_source_file", line="_line_number", table="raw.calls"
    )
    staged = by_file_sql.format(
        id="call_id", file="source_file", line="source_line", table="staging.stg_calls__calls"
    )
    assert query(bad_day, raw) == expected
    assert query(bad_day, staged) == expected
    assert (
        "  calls/calls[1].csv: 2 read, 2 loaded (0 corrections), 0 duplicates, 0 quarantined"
        in (bad_day["messages"])
    )


def test_2_an_upper_case_extension_loads_and_what_is_not_an_export_is_named(bad_day):
    assert logged(bad_day, "calls/CALLS_2026-09.CSV")[0][:6] == ("loaded", 1, 1, 0, 0, 0)
    assert query(
        bad_day,
        "select source_file, source_line from staging.stg_calls__calls where call_id = 'U1'",
    ) == [("calls/CALLS_2026-09.CSV", 2)]
    assert query(bad_day, "select count(*) from raw.calls where call_id = 'U1'") == [(1,)]
    # Not loaded, not logged as a load, but said.
    assert logged(bad_day, "calls/notes.txt") == []
    assert logged(bad_day, "calls/._CALLS_2026-09.CSV") == []
    assert bad_day["messages"].count("calls: ignored notes.txt (not a .csv or .xlsx file)") == 4
    assert "calls: ignored ._CALLS_2026-09.CSV (hidden file)" in bad_day["messages"]


def test_3_a_correction_reverted_by_resending_the_original_makes_the_original_current(bad_day):
    assert logged(bad_day, "calls/v1_original.csv")[0][:6] == ("loaded", 2, 2, 0, 0, 0)
    assert logged(bad_day, "calls/v2_correction.csv")[0][:6] == ("loaded", 2, 1, 1, 1, 0)
    # The original again: V1 differs from the current version (B) and wins; V2 is unchanged.
    assert logged(bad_day, "calls/v3_original_again.csv")[0][:6] == ("loaded", 2, 1, 1, 1, 0)
    # And once more: nothing would change, so the re-send is skipped, naming the load it repeats.
    (once_more,) = logged(bad_day, "calls/v4_original_once_more.csv")
    v3_load = query(
        bad_day, "select load_id from raw.load_log where file_path = 'calls/v3_original_again.csv'"
    )[0][0]
    assert once_more[:6] == ("skipped", 0, 0, 0, 0, 0)
    assert once_more[7] == (
        f"same content as calls/v3_original_again.csv (load {v3_load}), every row already current"
    )
    # Every version stays queryable in raw; staging shows the latest file's.
    assert query(
        bad_day,
        "select talk_seconds, _source_file from raw.calls where call_id = 'V1' order by _load_id",
    ) == [
        (100, "calls/v1_original.csv"),
        (120, "calls/v2_correction.csv"),
        (100, "calls/v3_original_again.csv"),
    ]
    assert query(
        bad_day,
        "select call_id, talk_seconds, source_file, source_line from staging.stg_calls__calls "
        "where call_id in ('V1', 'V2') order by call_id",
    ) == [("V1", 100, "calls/v3_original_again.csv", 2), ("V2", 50, "calls/v1_original.csv", 3)]
    assert (
        "  calls/v3_original_again.csv: 2 read, 1 loaded (1 corrections), 1 duplicates, "
        "0 quarantined" in bad_day["messages"]
    )


def test_4_a_decimal_in_a_whole_number_column_is_unparsable_not_rounded(bad_day):
    assert logged(bad_day, "surveys/ratings.csv")[0][:7] == (
        "loaded",
        4,
        2,
        0,
        0,
        2,
        {"unparsable": 2},
    )
    assert [row[:4] for row in quarantined(bad_day, "surveys/ratings.csv")] == [
        (2, "unparsable", "rating", "line 2: cannot read '3.5' in rating as a whole number"),
        (3, "unparsable", "rating", "line 3: cannot read '4.6' in rating as a whole number"),
    ]
    # `4.0` is the whole number 4: nothing changes.
    assert query(bad_day, "select survey_id, rating from raw.surveys order by 1") == [
        ("R3", 5),
        ("R4", 4),
    ]
    assert query(
        bad_day, "select survey_id, rating from staging.stg_surveys__responses order by 1"
    ) == [("R3", 5), ("R4", 4)]
    # An amount is not rounded to cents either.
    assert logged(bad_day, "sales/orders.csv")[0][:7] == (
        "loaded",
        2,
        1,
        0,
        0,
        1,
        {"unparsable": 1},
    )
    assert quarantined(bad_day, "sales/orders.csv")[0][3] == (
        "line 2: cannot read '12.345' in amount as an amount with at most 2 decimals"
    )
    assert [
        (order, str(amount))
        for order, amount in query(
            bad_day, "select order_id, amount from staging.stg_sales__orders"
        )
    ] == [("O2", "12.30")]


def test_5_a_zone_written_as_a_word_is_unparsable_unless_documented(bad_day):
    assert logged(bad_day, "calls/zones.csv")[0][:7] == ("loaded", 6, 3, 0, 0, 3, {"unparsable": 3})
    assert [(line, field) for line, _, field, *_ in quarantined(bad_day, "calls/zones.csv")] == [
        (2, "offered_at"),  # CST: UTC+8 in China, UTC-6 in the US
        (6, "offered_at"),  # a zone name
        (7, "offered_at"),  # a seventh fractional digit would be rounded away
    ]
    assert quarantined(bad_day, "calls/zones.csv")[0][3].startswith(
        "line 2: cannot read '2026-09-30 23:00:00 CST' in offered_at as a timestamp"
    )
    # +08:00 and center-local wall time stay on 30 September; UTC 23:00 is 1 October here.
    assert query(
        bad_day, "select call_id, offered_at from raw.calls where call_id like 'Z%' order by 1"
    ) == [
        ("Z2", datetime(2026, 9, 30, 15, 0)),
        ("Z3", datetime(2026, 9, 30, 23, 0)),
        ("Z4", datetime(2026, 9, 30, 15, 0)),
    ]
    assert query(
        bad_day,
        "select call_id, offered_at_local from staging.stg_calls__calls "
        "where call_id like 'Z%' order by 1",
    ) == [
        ("Z2", datetime(2026, 9, 30, 23, 0)),
        ("Z3", datetime(2026, 10, 1, 7, 0)),
        ("Z4", datetime(2026, 9, 30, 23, 0)),
    ]


def test_6_quarantine_names_the_physical_line_and_its_text_after_multiline_fields(bad_day):
    assert logged(bad_day, "calls/multiline.csv")[0][:7] == (
        "loaded",
        6,
        3,
        0,
        0,
        3,
        {"ended_before_started": 1, "malformed_row": 1, "unknown_enum": 1},
    )
    assert (
        query(
            bad_day,
            "select line_numbers_exact from raw.load_log where file_path = 'calls/multiline.csv'",
        )
        == [(True,)] * 4
    )
    assert [
        (line, reason, text)
        for line, reason, _, _, text in quarantined(bad_day, "calls/multiline.csv")
    ] == [
        (5, "unknown_enum", MULTILINE_ROWS[3]),
        (7, "malformed_row", MULTILINE_ROWS[5]),
        (8, "ended_before_started", MULTILINE_ROWS[6] + "\n" + MULTILINE_ROWS[7]),
    ]
    assert quarantined(bad_day, "calls/multiline.csv")[0][3] == (
        "line 5: 'hung_up' is not a known disposition (expected answered, missed, abandoned, "
        "transferred)"
    )
    expected = [("M1", 2), ("M3", 6), ("M6", 10)]
    assert (
        query(
            bad_day,
            "select call_id, _line_number from raw.calls where call_id like 'M%' order by 1",
        )
        == expected
    )
    assert (
        query(
            bad_day,
            "select call_id, source_line from staging.stg_calls__calls "
            "where call_id like 'M%' order by 1",
        )
        == expected
    )
    assert query(bad_day, "select queue from raw.calls where call_id = 'M1'") == [
        ("VIP\n  customers",)
    ]


def test_7_rows_dated_after_the_as_of_day_are_quarantined(bad_day):
    assert logged(bad_day, "calls/future.csv")[0][:7] == (
        "loaded",
        3,
        1,
        0,
        0,
        2,
        {"future_timestamp": 2},
    )
    assert [row[:4] for row in quarantined(bad_day, "calls/future.csv")] == [
        (
            2,
            "future_timestamp",
            "offered_at",
            "line 2: offered_at '2030-01-05T10:00:00' is after the run's as-of day 2026-10-15 "
            "(+1 day of tolerance)",
        ),
        (
            4,
            "future_timestamp",
            "offered_at",
            "line 4: offered_at '2026-10-17T00:00:00' is after the run's as-of day 2026-10-15 "
            "(+1 day of tolerance)",
        ),
    ]
    assert query(bad_day, "select call_id from raw.calls where call_id like 'F%'") == [("F2",)]
    assert query(
        bad_day, "select call_id from staging.stg_calls__calls where call_id like 'F%'"
    ) == [("F2",)]
    # A date column: a shift on the day after tomorrow.
    assert logged(bad_day, "attendance/shifts.csv")[0][:7] == (
        "loaded",
        2,
        1,
        0,
        0,
        1,
        {"future_timestamp": 1},
    )
    assert query(bad_day, "select work_date from staging.stg_attendance__shifts") == [
        (date(2026, 10, 16),)
    ]


def test_8_a_nul_byte_after_the_first_64_kb_quarantines_its_row(bad_day):
    path = bad_day["warehouse"].input_dir / "calls" / "with_nul.csv"
    assert path.read_bytes().index(b"\x00") > 64 * 1024
    assert logged(bad_day, "calls/with_nul.csv")[0][:7] == (
        "loaded",
        NUL_FILE_ROWS,
        NUL_FILE_ROWS - 1,
        0,
        0,
        1,
        {"binary_data": 1},
    )
    ((line, reason, field, message, text),) = quarantined(bad_day, "calls/with_nul.csv")
    assert (line, reason, field) == (NUL_ROW_INDEX + 2, "binary_data", "queue")
    assert message == f"line {line}: queue contains a NUL byte (binary data, not text)"
    assert text.startswith(f"N{NUL_ROW_INDEX:04d},A1,")
    assert query(
        bad_day,
        "select count(*), count(*) filter (where contains(queue, chr(0))) from raw.calls "
        "where call_id like 'N%'",
    ) == [(NUL_FILE_ROWS - 1, 0)]
    assert query(
        bad_day, "select count(*) from staging.stg_calls__calls where call_id like 'N%'"
    ) == [(NUL_FILE_ROWS - 1,)]


def test_9_an_empty_file_is_skipped_and_noted_and_blocks_nothing(bad_day):
    for name in ("agents/empty.csv", "calls/empty.csv"):
        assert (
            logged(bad_day, name)
            == [("skipped", 0, 0, 0, 0, 0, {}, "empty file (0 bytes): nothing to load")] * 4
        )
        assert f"  {name}: skipped (empty file (0 bytes): nothing to load)" in bad_day["messages"]
    # Nothing failed, so a build would go on to dbt; the roster beside it loaded.
    assert query(bad_day, "select count(*) from raw.load_log where status = 'failed'") == [(0,)]
    assert query(bad_day, "select count(*) from staging.stg_agents__agents") == [(3,)]


def test_every_row_read_is_loaded_duplicate_or_quarantined_in_every_load(bad_day):
    assert query(
        bad_day,
        "select count(*) from raw.load_log "
        "where rows_read <> rows_loaded + rows_duplicate + rows_quarantined",
    ) == [(0,)]
    assert query(
        bad_day,
        "select count(*) from raw.load_log as l where status = 'loaded' and rows_quarantined <> "
        "(select count(*) from raw.quarantine as q where q.load_id = l.load_id)",
    ) == [(0,)]
