"""Files as centers have them (issue 14): GB18030 CSV, Excel workbooks, and supplied
indicator values checked against the catalog at load (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl

from scorecard.loading.loader import FileLoad
from tests.conftest import ROSTER_HEADER, Warehouse, write_export

CHINESE_ROSTER = [
    "A1,王芳,客服一组,agent,北京,2026-01-01,,2026-01-01",  # line 2
    "A2,李强,客服一组,team_lead,北京,2026-01-01,,2026-01-01",  # line 3
    "Q1,张敏,质检组,qa_inspector,北京,2026-01-01,,2026-01-01",  # line 4
    "A3,赵雷,客服二组,坐席,北京,2026-01-01,,2026-01-01",  # line 5: role in Chinese
]


def write_gb18030(path: Path, header: str, rows: list[str], crlf: bool = True) -> Path:
    """A CSV as Excel on Chinese Windows saves it: GBK/GB18030, CRLF, no BOM."""
    newline = "\r\n" if crlf else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(newline.join([header, *rows, ""]).encode("gb18030"))
    return path


def only(results: list[FileLoad], source: str) -> FileLoad:
    (result,) = [r for r in results if r.source == source]
    return result


def by_file(results: list[FileLoad], file_path: str) -> FileLoad:
    (result,) = [r for r in results if r.file_path == file_path]
    return result


def test_a_gb18030_roster_is_recognized_and_its_chinese_names_load(warehouse: Warehouse):
    roster = warehouse.input_dir / "agents" / "agents.csv"
    write_gb18030(roster, ROSTER_HEADER, CHINESE_ROSTER)
    assert not _is_utf8(roster.read_bytes())

    agents = only(warehouse.load(["calls"]), "agents")

    assert (agents.status, agents.rows_read, agents.rows_loaded) == ("loaded", 4, 3)
    assert agents.encoding.describe() == "gb18030 (detected)"
    assert "(read as gb18030 (detected))" in agents.describe()
    assert warehouse.query("select agent_id, name, team_id, site from raw.agents order by 1") == [
        ("A1", "王芳", "客服一组", "北京"),
        ("A2", "李强", "客服一组", "北京"),
        ("Q1", "张敏", "质检组", "北京"),
    ]
    # The line numbers are the file's physical lines; the quarantined text is the original's.
    assert warehouse.query("select line_number, reason, message, raw_text from raw.quarantine") == [
        (
            5,
            "unknown_enum",
            "line 5: '坐席' is not a known role (expected agent, telesales, qa_inspector, "
            "team_lead)",
            "A3,赵雷,客服二组,坐席,北京,2026-01-01,,2026-01-01",
        )
    ]
    assert warehouse.query("select encoding, sheet, rows_read from raw.load_log") == [
        ("gb18030", None, 4)
    ]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_gb18030_declared_for_a_folder_or_a_run_is_read_so(warehouse: Warehouse):
    # Pure ASCII apart from one GB18030 character that happens to be valid UTF-8 as well:
    # only a declaration can tell. 0xC3 0xA9 is 'é' in UTF-8 and '茅' in GB18030.
    text_bytes = (ROSTER_HEADER + "\n").encode() + b"A1,\xc3\xa9,T01,agent,,,,2026-01-01\n"
    agents = warehouse.input_dir / "agents"
    (agents / "agents.csv").write_bytes(text_bytes)

    first = warehouse.load([])
    assert only(first, "agents").encoding.describe() == "utf-8"
    assert warehouse.query("select name from raw.agents") == [("é",)]

    (agents / "source.toml").write_text('encoding = "gbk"\n', encoding="utf-8")
    (agents / "agents_v2.csv").write_bytes(text_bytes.replace(b"A1,", b"A9,"))
    second = warehouse.load([])
    assert by_file(second, "agents/agents_v2.csv").encoding.describe() == "gb18030 (declared)"
    assert warehouse.query("select name from raw.agents where agent_id = 'A9'") == [("茅",)]
    assert (agents / "source.toml").exists()  # a setting, not an export: never loaded
    assert warehouse.query("select count(*) from raw.load_log where file_path like '%toml'") == [
        (0,)
    ]

    (agents / "source.toml").unlink()
    warehouse.settings = replace(warehouse.settings, csv_encoding="GB18030")
    (agents / "agents_v3.csv").write_bytes(text_bytes.replace(b"A1,", b"A8,"))
    third = warehouse.load([])
    assert by_file(third, "agents/agents_v3.csv").encoding.describe() == "gb18030 (declared)"
    assert warehouse.query("select name from raw.agents where agent_id = 'A8'") == [("茅",)]


def test_a_file_not_in_its_declared_encoding_fails_naming_the_line(warehouse: Warehouse):
    calls = warehouse.input_dir / "calls"
    calls.mkdir(parents=True)
    (calls / "source.toml").write_text('encoding = "gb18030"\n', encoding="utf-8")
    header = "call_id,agent_id,queue,direction,offered_at,ended_at,disposition"
    (calls / "calls.csv").write_bytes(
        (header + "\nC1,A1,main,inbound,2026-01-05 9:00,2026-01-05 9:01,missed\n").encode()
        + b"C2,A1,\xff\xfe,inbound,2026-01-05 9:00,2026-01-05 9:01,missed\n"
    )

    calls_load = only(warehouse.load(["calls"]), "calls")

    assert calls_load.status == "failed"
    assert calls_load.error.startswith("not valid GB18030 on line 3")
    assert warehouse.query("select count(*) from raw.calls") == [(0,)]


def test_a_bad_source_toml_fails_its_folder_in_one_line(warehouse: Warehouse):
    calls = warehouse.input_dir / "calls"
    calls.mkdir(parents=True)
    (calls / "source.toml").write_text('encoding = "big5"\n', encoding="utf-8")
    write_export(calls / "calls.csv", "call_id", ["C1"])

    calls_load = only(warehouse.load(["calls"]), "calls")

    assert (calls_load.file_path, calls_load.status) == ("calls/source.toml", "failed")
    assert calls_load.error == (
        "calls/source.toml: unknown encoding 'big5' (known: cp936, gb18030, gb2312, gbk, "
        "utf-8, utf8); none of the folder's 1 file(s) was loaded"
    )


# --- Excel workbooks ------------------------------------------------------------------

ATTENDANCE_COLUMNS = ["agent_id", "work_date", "shift_start", "shift_end", "clock_in",
                      "clock_out", "status"]  # fmt: skip
QA_COLUMNS = ["evaluation_id", "call_id", "agent_id", "evaluator_id", "evaluated_at", "score",
              "fatal_error", "calibrates_evaluation_id"]  # fmt: skip


def attendance_and_qa_workbook(path: Path) -> Path:
    """A workbook as a Chinese center keeps one: an attendance sheet and a QA sheet, dates
    as date cells, as serial numbers and as text, a title row left empty, blank rows."""
    workbook = openpyxl.Workbook()
    attendance = workbook.active
    attendance.title = "attendance"
    attendance.append([])  # row 1 empty: the header is the first row with a value
    attendance.append(ATTENDANCE_COLUMNS)  # row 2
    # row 3: Excel date and date-time cells
    attendance.append(["A1", datetime(2026, 1, 5), datetime(2026, 1, 5, 9, 0),
                       datetime(2026, 1, 5, 18, 0), datetime(2026, 1, 5, 8, 55),
                       datetime(2026, 1, 5, 18, 5), "present"])  # fmt: skip
    for column in "CDEF":
        attendance[f"{column}3"].number_format = "yyyy/m/d h:mm"
    # row 4: date serial numbers (46028 = 2026-01-06; .375 = 9:00)
    attendance.append(["A1", 46028, 46028.375, 46028.75, 46028.3715277778, 46028.7534722222,
                       "present"])  # fmt: skip
    # row 5: text, in the forms Excel on Chinese Windows shows
    attendance.append(["A1", "2026/1/7", "2026/1/7 9:00", "2026年1月7日 18:00", "2026-01-07 8:58",
                       "2026.01.07 18:02", "present"])  # fmt: skip
    attendance.append([None] * 7)  # row 6: a formatted empty row, no record
    attendance.append(["A1", "2026/1/8", "2026/1/8 9:00", None, None, None, "在岗"])  # row 7
    attendance.append(["A2", date(2026, 1, 8), None, None, None, None, "present", "备注"])  # row 8
    attendance.append(["A1", 46031.5, None, None, None, None, "present"])  # row 9: noon
    attendance.append(["ZZ", "2026/1/9", None, None, None, None, "absent"])  # row 10
    qa = workbook.create_sheet("qa_evaluations")
    qa.append(QA_COLUMNS)  # row 1
    qa.append(["E1", "C1", "A1", "Q1", datetime(2026, 1, 6, 15, 0), 90, False, None])  # row 2
    qa["E2"].number_format = "yyyy-mm-dd hh:mm"
    qa.append(["E2", "C2", "A1", "Q1", "2026/1/6 15:10", 3.5e1, "FALSE", None])  # row 3
    qa.append(["E3", "C3", "A1", "Q1", datetime(2026, 1, 7), 101, None, None])  # row 4
    qa["E4"].number_format = "yyyy-mm-dd"  # a date where the time is expected
    qa.append(["E4", "C4", "A1", "Q1", "2026/1/7 15:00", "九十", None, None])  # row 5
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def test_a_workbook_loads_a_sheet_per_source_with_sheet_and_row_lineage(warehouse: Warehouse):
    for folder in ("attendance", "qa_evaluations"):
        attendance_and_qa_workbook(warehouse.input_dir / folder / "考勤质检.xlsx")

    results = warehouse.load(["attendance", "qa_evaluations"])

    attendance, qa = only(results, "attendance"), only(results, "qa_evaluations")
    assert (attendance.file_path, attendance.sheet) == (
        "attendance/考勤质检.xlsx!attendance",
        "attendance",
    )
    assert (attendance.rows_read, attendance.rows_loaded, attendance.rows_quarantined) == (7, 3, 4)
    assert attendance.quarantine_reasons == {
        "malformed_row": 1,
        "unknown_agent": 1,
        "unknown_enum": 1,
        "unparsable": 1,
    }
    # Date cells, serial numbers and text read alike (UTC: the center is UTC+8).
    assert warehouse.query(
        "select _line_number, work_date, shift_start, shift_end, clock_in, clock_out "
        "from raw.attendance order by _line_number"
    ) == [
        (3, date(2026, 1, 5), datetime(2026, 1, 5, 1), datetime(2026, 1, 5, 10),
         datetime(2026, 1, 5, 0, 55), datetime(2026, 1, 5, 10, 5)),
        (4, date(2026, 1, 6), datetime(2026, 1, 6, 1), datetime(2026, 1, 6, 10),
         datetime(2026, 1, 6, 0, 55), datetime(2026, 1, 6, 10, 5)),
        (5, date(2026, 1, 7), datetime(2026, 1, 7, 1), datetime(2026, 1, 7, 10),
         datetime(2026, 1, 7, 0, 58), datetime(2026, 1, 7, 10, 2)),
    ]  # fmt: skip
    assert warehouse.query(
        "select line_number, reason, field, message, raw_text from raw.quarantine "
        "where source = 'attendance' order by line_number"
    ) == [
        (7, "unknown_enum", "status",
         "row 7: '在岗' is not a known status (expected present, absent, leave, rest)",
         "A1,2026/1/8,2026/1/8 9:00,,,,在岗"),
        (8, "malformed_row", None,
         "row 8: 1 value(s) right of the header's 7 columns",
         "A2,2026-01-08,,,,,present"),
        (9, "unparsable", "work_date",
         "row 9: cannot read '2026-01-09 12:00:00' in work_date as a date: "
         "YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日",
         "A1,2026-01-09 12:00:00,,,,,present"),
        (10, "unknown_agent", "agent_id",
         "row 10: agent_id 'ZZ' is not on the agent roster",
         "ZZ,2026/1/9,,,,,absent"),
    ]  # fmt: skip

    assert (qa.file_path, qa.rows_read, qa.rows_loaded) == (
        "qa_evaluations/考勤质检.xlsx!qa_evaluations",
        4,
        2,
    )
    assert warehouse.query(
        "select _line_number, evaluation_id, evaluated_at, score, fatal_error "
        "from raw.qa_evaluations order by 1"
    ) == [
        (2, "E1", datetime(2026, 1, 6, 7, 0), 90.0, False),
        (3, "E2", datetime(2026, 1, 6, 7, 10), 35.0, False),
    ]
    assert warehouse.query(
        "select line_number, reason, message from raw.quarantine "
        "where source = 'qa_evaluations' order by line_number"
    ) == [
        (4, "unparsable", "row 4: cannot read '2026-01-07' in evaluated_at as a timestamp: "
         "YYYY-MM-DD HH:MM[:SS] with an optional offset (Z, +08:00), or center time as "
         "YYYY-MM-DD H:MM[:SS], YYYY/M/D H:MM[:SS], YYYY.M.D H:MM[:SS] or "
         "YYYY年M月D日 H:MM[:SS]; score 101 is above 100"),
        (5, "unparsable", "row 5: cannot read '九十' in score as a number"),
    ]  # fmt: skip
    # Every row of the sheet ends in exactly one place.
    assert warehouse.query(
        "select file_path, sheet, rows_read, rows_loaded + rows_duplicate + rows_quarantined "
        "from raw.load_log where sheet is not null order by 1"
    ) == [
        ("attendance/考勤质检.xlsx!attendance", "attendance", 7, 7),
        ("qa_evaluations/考勤质检.xlsx!qa_evaluations", "qa_evaluations", 4, 4),
    ]


def test_a_workbook_saved_again_unchanged_is_not_read_again(warehouse: Warehouse):
    path = attendance_and_qa_workbook(warehouse.input_dir / "attendance" / "考勤.xlsx")
    first = only(warehouse.load(["attendance"]), "attendance")
    # Excel rewrites the file (new timestamps in the zip) though no cell changed.
    workbook = openpyxl.load_workbook(path)
    workbook.save(path)

    again = only(warehouse.load(["attendance"]), "attendance")

    (load_id,) = warehouse.query(
        "select load_id from raw.load_log where file_path = 'attendance/考勤.xlsx!attendance'"
    )[0]
    assert first.status == "loaded"
    assert (again.status, again.error) == ("skipped", f"unchanged since load {load_id}")


def test_the_sheet_a_folder_loads_is_named_found_by_name_or_the_only_one(warehouse: Warehouse):
    attendance = warehouse.input_dir / "attendance"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(ATTENDANCE_COLUMNS)
    for day in range(5, 22):  # rows 2..18
        sheet.append(["A1", f"2026/1/{day}", None, None, None, None, "present"])
    attendance.mkdir(parents=True)
    book.save(attendance / "考勤.xlsx")
    book.create_sheet("汇总").append(["月份", "出勤"])
    book.save(attendance / "考勤_两个表.xlsx")

    results = warehouse.load(["attendance"])

    loaded = {r.file_path: r for r in results}
    assert loaded["attendance/考勤.xlsx!Sheet1"].rows_loaded == 17
    assert warehouse.query(
        "select _source_file, _line_number from raw.attendance where work_date = date '2026-01-20'"
    ) == [("attendance/考勤.xlsx!Sheet1", 17)]
    two = loaded["attendance/考勤_两个表.xlsx"]
    assert (two.status, two.error) == (
        "failed",
        "2 sheets (Sheet1, 汇总) and none named attendance: name the sheet to load in "
        'attendance/source.toml (sheet = "…") or rename it attendance',
    )

    (attendance / "source.toml").write_text('sheet = "Sheet1"\n', encoding="utf-8")
    again = {r.file_path: r for r in warehouse.load(["attendance"])}
    named = again["attendance/考勤_两个表.xlsx!Sheet1"]
    # The same rows as the one-sheet workbook: re-sent, nothing new to store.
    assert (named.status, named.error) == (
        "skipped",
        "same content as attendance/考勤.xlsx!Sheet1 (load 2), every row already current",
    )


# --- supplied indicator values (issue 12) ----------------------------------------------

INPUTS_HEADER = "entity_id,month,indicator_code,value,evidence"


def test_a_supplied_value_needs_a_catalog_code_and_an_entity_at_its_grain(warehouse: Warehouse):
    rows = [
        "A1,2026-01,callback_completion_rate,0.95,CRM",  # line 2: agent grain, on the roster
        "T01,2026年1月,plan_completion_rate,1.02,plan",  # line 3: team grain, a roster team
        "A1,2026-01,callback_complete_rate,0.9,CRM",  # line 4: a typo'd code
        "A1,2026-01,calls_handled,120,CRM",  # line 5: the warehouse computes this one
        "ZZ,2026-01,callback_completion_rate,0.9,CRM",  # line 6: no such agent
        "T09,2026-01,plan_completion_rate,0.9,plan",  # line 7: no such team
        "A1,2026-01,plan_completion_rate,0.9,plan",  # line 8: an agent is not a team
        "Q1,2026-01,test_calls_done,210,plan",  # line 9: evaluator grain: an agent id
    ]
    write_export(warehouse.input_dir / "indicator_inputs" / "inputs.csv", INPUTS_HEADER, rows)

    inputs = only(warehouse.load(["indicator_inputs"]), "indicator_inputs")

    assert (inputs.rows_read, inputs.rows_loaded, inputs.rows_quarantined) == (8, 3, 5)
    assert warehouse.query(
        "select _line_number, entity_id, indicator_code from raw.indicator_inputs order by 1"
    ) == [
        (2, "A1", "callback_completion_rate"),
        (3, "T01", "plan_completion_rate"),
        (9, "Q1", "test_calls_done"),
    ]
    assert warehouse.query(
        "select source_file, line_number, reason, field, message from raw.quarantine "
        "order by line_number"
    ) == [
        ("indicator_inputs/inputs.csv", 4, "unknown_indicator", "indicator_code",
         "line 4: indicator_code 'callback_complete_rate' is not an indicator code of the "
         "catalog (dbt/seeds/indicator_catalog.csv)"),
        ("indicator_inputs/inputs.csv", 5, "computed_indicator", "indicator_code",
         "line 5: indicator_code 'calls_handled' is computed by the warehouse "
         "(int_indicators__telephony), not supplied: only codes of model "
         "int_indicators__external_inputs are read from indicator_inputs"),
        ("indicator_inputs/inputs.csv", 6, "unknown_entity", "entity_id",
         "line 6: entity_id 'ZZ' is not an agent_id on the roster, as "
         "callback_completion_rate (agent grain) needs"),
        ("indicator_inputs/inputs.csv", 7, "unknown_entity", "entity_id",
         "line 7: entity_id 'T09' is not a team_id on the roster, as "
         "plan_completion_rate (team grain) needs"),
        ("indicator_inputs/inputs.csv", 8, "unknown_entity", "entity_id",
         "line 8: entity_id 'A1' is not a team_id on the roster, as "
         "plan_completion_rate (team grain) needs"),
    ]  # fmt: skip
