"""`scorecard import --format pwc-xlsx`: the training workbook's calls, missed calls and
ratings, and its Excel date trap (text dates mixed with date cells and serials)."""

from __future__ import annotations

import csv
import json
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest

from scorecard.cli import main
from scorecard.importers.pwc_xlsx import HEADER

ROWS = [
    # row 2: a real Excel date cell
    (
        "ID0001",
        "Diane",
        datetime(2021, 1, 5),
        time(9, 12, 58),
        "Contract related",
        "Y",
        "Y",
        109,
        time(0, 2, 23),
        3,
    ),
    # row 3: the same day as text
    (
        "ID0002",
        "Becky",
        "2021-01-05",
        time(9, 20, 0),
        "Technical Support",
        "Y",
        "N",
        70,
        time(0, 4, 2),
        5,
    ),
    # row 4: the same day as a date serial number
    (
        "ID0003",
        "Diane",
        44201,
        time(10, 0, 0),
        "Payment related",
        "Y",
        "Y",
        10,
        time(0, 1, 0),
        None,
    ),
    # row 5: unanswered: blank speed, talk and rating
    ("ID0004", "Becky", "2021-01-06", time(11, 0, 0), "Streaming", "N", "N", None, None, None),
    # row 6: a date that is no date
    ("ID0005", "Diane", "05/01/2021", time(9, 0, 0), "Streaming", "Y", "Y", 5, time(0, 1, 0), 4),
    # row 7: no agent
    ("ID0006", None, "2021-01-06", time(9, 0, 0), "Streaming", "Y", "Y", 5, time(0, 1, 0), 4),
    # row 8: answered neither Y nor N
    (
        "ID0007",
        "Becky",
        "2021-01-06",
        time(9, 0, 0),
        "Streaming",
        "maybe",
        "Y",
        5,
        time(0, 1, 0),
        4,
    ),
    # row 9: answered but no talk time
    ("ID0008", "Becky", "2021-01-06", time(9, 30, 0), "Streaming", "Y", "Y", 5, None, 4),
    # row 10: empty (formatted) row: not a record
    (None,) * 10,
]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(tmp_path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book = tmp_path / "calls.xlsx"
    workbook.save(book)
    out = tmp_path / "input"
    assert main(["import", "--format", "pwc-xlsx", "--input", str(book), "--out", str(out)]) == 0
    return out


def test_text_dates_excel_dates_and_serials_are_the_same_day(imported):
    calls = {c["call_id"]: c for c in read(imported / "calls" / "pwc_calls.csv")}
    assert [calls[i]["offered_at"] for i in ("ID0001", "ID0002", "ID0003")] == [
        "2021-01-05T09:12:58", "2021-01-05T09:20:00", "2021-01-05T10:00:00"
    ]  # fmt: skip


def test_answered_calls_missed_calls_and_ratings(imported):
    calls = {c["call_id"]: c for c in read(imported / "calls" / "pwc_calls.csv")}
    first = calls["ID0001"]
    assert (first["answered_at"], first["ended_at"], first["talk_seconds"], first["disposition"]) == (
        "2021-01-05T09:14:47", "2021-01-05T09:17:10", "143", "answered"
    )  # fmt: skip
    assert (first["queue"], first["source_ref"]) == ("Contract related", "calls.xlsx:2")
    missed = calls["ID0004"]
    assert (missed["agent_id"], missed["disposition"], missed["answered_at"]) == (
        "Becky",
        "missed",
        "",
    )
    surveys = read(imported / "surveys" / "pwc_calls.csv")
    assert [(s["survey_id"], s["rating"], s["responded_at"]) for s in surveys] == [
        ("ID0001-csat", "3", "2021-01-05T09:17:10"), ("ID0002-csat", "5", "2021-01-05T09:25:12")
    ]  # fmt: skip


def test_unusable_rows_are_reported_and_the_counts_add_up(imported):
    unusable = [
        (int(u["line"]), u["reason"])
        for u in read(imported / "_imports" / "calls.xlsx.unusable_rows.csv")
    ]
    assert unusable == [
        (6, "unparsable"), (7, "missing_required"), (8, "unknown_enum"), (9, "missing_required")
    ]  # fmt: skip
    report = json.loads((imported / "_imports" / "calls.xlsx.report.json").read_text())
    assert report["input_rows"] == 8  # the empty row is not a record
    assert report["input_rows"] == report["consumed"]["calls"] + len(unusable)
    assert [a["agent_id"] for a in read(imported / "agents" / "pwc_agents.csv")] == [
        "Becky",
        "Diane",
    ]


def test_a_file_that_is_not_a_workbook_is_refused_naming_it(tmp_path, capsys):
    fake = tmp_path / "calls.xlsx"
    fake.write_text("not a workbook")
    assert main(["import", "--format", "pwc-xlsx", "--input", str(fake),
                 "--out", str(tmp_path / "out")]) == 2  # fmt: skip
    assert f"{fake}: not an .xlsx workbook" in capsys.readouterr().err
