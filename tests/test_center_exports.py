"""A Chinese center's exports through the whole build (issues 12 and 14): a GB18030 roster
whose names reach the report, attendance kept in an Excel workbook that `explain` names by
sheet and row, and a supplied indicator value with an unknown code quarantined at load
while the night publishes, then replaced by a corrected file."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from scorecard.cli import main
from tests.conftest import CALLS_HEADER, ROSTER_HEADER, write_export
from tests.test_audit import CALLS, chromium

AS_OF = "2026-02-03"  # January is open
ROSTER = [
    "A1,王芳,客服一组,agent,北京,2025-06-01,,2025-06-01",
    "A2,李强,客服一组,agent,北京,2025-06-01,,2025-06-01",
    "L1,张伟,客服一组,team_lead,北京,2025-06-01,,2025-06-01",
    "Q1,张敏,客服一组,qa_inspector,北京,2025-06-01,,2025-06-01",
]
INPUTS_HEADER = "entity_id,month,indicator_code,value,evidence"


def attendance_workbook(path: Path) -> None:
    """考勤.xlsx as HR keeps it: one sheet, seven January days per person, the dates as
    date cells, serial numbers or Chinese text. Rows 2-8 L1, 9-15 Q1, 16-22 A1, 23-29 A2;
    row 17 is A1's 6 January, when A1 clocked in 7 minutes late."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["agent_id", "work_date", "shift_start", "shift_end", "clock_in", "clock_out",
                  "status"])  # fmt: skip
    for agent in ("L1", "Q1", "A1", "A2"):
        for day in range(5, 12):
            late = agent == "A1" and day == 6
            sheet.append([
                agent,
                [datetime(2026, 1, day), 46022 + day, f"2026年1月{day}日"][day % 3],
                f"2026/1/{day} 9:00", f"2026/1/{day} 18:00",
                f"2026-01-{day:02d} {'9:07' if late else '8:55'}", f"2026.1.{day} 18:05",
                "present",
            ])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


@pytest.fixture(scope="module")
def center(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("center")
    input_dir, warehouse = root / "input", root / "warehouse"
    roster = input_dir / "agents" / "花名册.csv"
    roster.parent.mkdir(parents=True)
    roster.write_bytes("\r\n".join([ROSTER_HEADER, *ROSTER, ""]).encode("gb18030"))
    write_export(input_dir / "calls" / "calls.csv", CALLS_HEADER, CALLS)
    attendance_workbook(input_dir / "attendance" / "考勤.xlsx")
    write_export(
        input_dir / "indicator_inputs" / "inputs.csv",
        INPUTS_HEADER,
        [
            "A1,2026-01,callback_completion_rate,0.95,CRM 回访",  # line 2
            "A1,2026年1月,ticket_entry_acuracy,0.9,工单抽查",  # line 3: the code misspelt
        ],
    )
    build = ["build", "--input", str(input_dir), "--warehouse", str(warehouse), "--as-of", AS_OF]
    first_exit = main(build)
    first_log = published(warehouse, "select publication_id, months from publication_log")
    write_export(
        input_dir / "indicator_inputs" / "inputs_corrected.csv",
        INPUTS_HEADER,
        ["A1,2026年1月,ticket_entry_accuracy,0.9,工单抽查"],
    )
    second_exit = main(build)
    return {"input": input_dir, "warehouse": warehouse, "exits": (first_exit, second_exit),
            "first_log": first_log}  # fmt: skip


def published(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def work(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_an_unknown_indicator_code_is_quarantined_and_the_night_publishes(center):
    assert center["exits"] == (0, 0)
    assert center["first_log"] == [(1, ["2026-01"])]
    assert work(
        center["warehouse"],
        "select source_file, line_number, reason, field, message from raw.quarantine",
    ) == [
        ("indicator_inputs/inputs.csv", 3, "unknown_indicator", "indicator_code",
         "line 3: indicator_code 'ticket_entry_acuracy' is not an indicator code of the "
         "catalog (dbt/seeds/indicator_catalog.csv)"),
    ]  # fmt: skip
    # The bad row never reached the raw table: nothing keeps failing once it is corrected.
    assert work(
        center["warehouse"], "select indicator_code from raw.indicator_inputs order by 1"
    ) == [("callback_completion_rate",), ("ticket_entry_accuracy",)]


def test_the_corrected_file_under_a_new_name_loads_and_is_published(center):
    assert published(
        center["warehouse"],
        "select publication_id, indicator_code, value from fct_indicator_monthly "
        "where entity_id = 'A1' and grain = 'agent' and month = date '2026-01-01' "
        "and indicator_code in ('callback_completion_rate', 'ticket_entry_accuracy') order by 2",
    ) == [(2, "callback_completion_rate", Decimal("0.9500")),
          (2, "ticket_entry_accuracy", Decimal("0.9000"))]  # fmt: skip
    assert published(
        center["warehouse"],
        "select source_file, rows_read, rows_loaded, rows_quarantined from load_log "
        "where source_name = 'indicator_inputs' and load_status = 'loaded' order by 1",
    ) == [
        ("indicator_inputs/inputs.csv", 2, 1, 1),
        ("indicator_inputs/inputs_corrected.csv", 1, 1, 0),
    ]


def test_the_gb18030_roster_loads_and_its_chinese_names_reach_the_report(center, tmp_path):
    assert published(
        center["warehouse"],
        "select source_file, encoding, rows_loaded from load_log "
        "where source_name = 'agents' and load_status = 'loaded'",
    ) == [("agents/花名册.csv", "gb18030", 4)]
    page = tmp_path / "report-2026-01-zh.html"
    assert main(["report", "--warehouse", str(center["warehouse"]), "--month", "2026-01",
                 "--out", str(page)]) == 0  # fmt: skip

    dom = chromium(f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()).stdout

    agent_facts = re.search(r'<figure id="agent_facts".*?</figure>', dom, re.S).group(0)
    assert re.findall(r"<tr class=\"mark\"><td>(\w+)</td><td>(\w+)</td>", agent_facts) == [
        ("A1", "王芳"), ("A2", "李强"), ("L1", "张伟"), ("Q1", "张敏"),
    ]  # fmt: skip
    ranking = re.search(r'<figure id="ranking".*?</figure>', dom, re.S).group(0)
    assert "A1 王芳" in ranking and "A2 李强" in ranking


def test_workbook_rows_are_traced_by_sheet_and_row(center, capsys):
    assert published(
        center["warehouse"],
        "select source_file, sheet_name, rows_read, rows_loaded from load_log "
        "where source_name = 'attendance' and load_status = 'loaded'",
    ) == [("attendance/考勤.xlsx!Sheet1", "Sheet1", 28, 28)]
    assert work(
        center["warehouse"],
        "select work_date, clock_in from raw.attendance where _line_number = 17",
    ) == [(date(2026, 1, 6), datetime(2026, 1, 6, 1, 7))]  # 9:07 center time, UTC+8
    capsys.readouterr()
    args = ["explain", "--warehouse", str(center["warehouse"]), "--agent", "A1", "--month",
            "2026-01", "--scheme", "star_level_pay", "--rows", "0"]  # fmt: skip

    assert main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    late = result["indicators"]["late_count"]["rows"]
    assert [(row["file"], row["line"], row["values"]["work_date"]) for row in late] == [
        ("attendance/考勤.xlsx!Sheet1", 17, "2026-01-06")
    ]
    assert main(args) == 0
    assert "    attendance/考勤.xlsx!Sheet1:17  agent_id=A1 work_date=2026-01-06" in (
        capsys.readouterr().out
    )
