"""Imports as centers run them (issue 14): one export at a time into the same folder, in
any order, gives the folder one import of every export gives; an export imported again
changes nothing. For every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from scorecard.cli import main
from scorecard.importers.anonymous_bank import HEADER as BANK_HEADER
from scorecard.importers.pwc_xlsx import HEADER as PWC_HEADER
from tests.test_import_amazon_connect import ABANDONED, ANSWERED, OUTBOUND, TRANSFERRED

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z


def bank_log(path: Path, day: str, records: list[tuple[str, str, str]]) -> None:
    """(call_id, start h:mm:ss, server) answered calls of one day (yymmdd)."""
    lines = ["\t".join(BANK_HEADER)]
    for call_id, start, server in records:
        hours, minutes, seconds = start.split(":")
        end = f"{hours}:{int(minutes) + 2:02d}:{seconds}"
        lines.append("\t".join([
            "AA0101", call_id, "0", "0", "PS", day, start, start, "0", start, start, "0",
            "AGENT", start, end, "120", server,
        ]))  # fmt: skip
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())


def queue_log(path: Path, start: int, calls: list[tuple[str, str]]) -> None:
    """(callid, agent) answered calls, one a minute from `start`, with the agent's login."""
    lines = []
    for offset, (callid, member) in enumerate(calls):
        at = start + 60 * offset
        lines += [
            f"{at}|NONE|support|SIP/{member}|ADDMEMBER|",
            f"{at + 1}|{callid}|support|NONE|ENTERQUEUE||1380013800{offset}|1",
            f"{at + 5}|{callid}|support|SIP/{member}|CONNECT|4|{callid}-b|3",
            f"{at + 35}|{callid}|support|SIP/{member}|COMPLETEAGENT|4|30|1",
            f"{at + 50}|NONE|support|SIP/{member}|REMOVEMEMBER|",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pwc_workbook(path: Path, rows: list[tuple]) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(PWC_HEADER)
    for call_id, agent, day in rows:
        workbook.active.append((call_id, agent, day, "09:00:00", "Streaming", "Y", "Y", 10,
                                "00:02:00", 4))  # fmt: skip
    workbook.save(path)


def ctr_file(path: Path, records: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")


def exports(tmp_path: Path, fmt: str) -> tuple[Path, Path]:
    """Two exports of one format: the first month's and the second's. An agent works in
    both (whose first day must stay in the first month), one only in the first (who must
    not vanish), one only in the second."""
    folder = tmp_path / "exports"
    folder.mkdir()
    if fmt == "anonymous-bank":
        first, second = folder / "january.txt", folder / "february.txt"
        bank_log(first, "990105", [("1", "9:00:00", "MICHAL"), ("2", "9:10:00", "TALI")])
        bank_log(second, "990203", [("3", "9:00:00", "MICHAL"), ("4", "9:30:00", "STEREN")])
    elif fmt == "asterisk-queue-log":
        first, second = folder / "queue_log-20260105", folder / "queue_log-20260203"
        queue_log(first, T0 + 4 * 86400, [("j1", "1001"), ("j2", "1002")])
        queue_log(second, T0 + 33 * 86400, [("f1", "1001"), ("f2", "1003")])
    elif fmt == "pwc-xlsx":
        first, second = folder / "calls_2021_01.xlsx", folder / "calls_2021_02.xlsx"
        pwc_workbook(first, [("ID1", "Diane", "2021-01-05"), ("ID2", "Becky", "2021-01-05")])
        pwc_workbook(second, [("ID3", "Diane", "2021-02-03"), ("ID4", "Joe", "2021-02-03")])
    else:
        first, second = folder / "ctr-2026-01.jsonl", folder / "ctr-2026-02.jsonl"
        ctr_file(first, [ANSWERED, TRANSFERRED, ABANDONED])
        february = {**OUTBOUND, "InitiationTimestamp": "2026-02-03T04:00:00Z",
                    "ConnectedToSystemTimestamp": "2026-02-03T04:00:12Z",
                    "DisconnectTimestamp": "2026-02-03T04:02:12Z"}  # fmt: skip
        ctr_file(second, [february])
    return first, second


def run_import(fmt: str, source: Path, out: Path) -> None:
    assert main(["import", "--format", fmt, "--input", str(source), "--out", str(out)]) == 0


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of an input folder, by path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def roster(folder: Path) -> list[tuple[str, str, str]]:
    (path,) = (folder / "agents").glob("*_agents.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["agent_id"], r["valid_from"], r["source_ref"]) for r in csv.DictReader(handle)]


FORMATS = ["amazon-connect-ctr", "anonymous-bank", "asterisk-queue-log", "pwc-xlsx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_export_at_a_time_in_any_order_gives_one_import_of_both(tmp_path, fmt, capsys):
    first, second = exports(tmp_path, fmt)
    together, in_order, reversed_order = (tmp_path / n for n in ("together", "ab", "ba"))

    run_import(fmt, first.parent, together)
    run_import(fmt, first, in_order)
    after_first = snapshot(in_order)
    run_import(fmt, second, in_order)
    run_import(fmt, second, reversed_order)
    run_import(fmt, first, reversed_order)

    assert snapshot(in_order) == snapshot(reversed_order) == snapshot(together)
    # Nothing the first import wrote was replaced, apart from the merged roster.
    changed = {name for name, data in after_first.items() if snapshot(in_order)[name] != data}
    rosters = ("amazon_connect", "anonymous_bank", "asterisk", "pwc")
    assert changed <= {f"agents/{name}_agents.csv" for name in rosters}
    # Each export keeps its own report, and each report adds up alone.
    for export in (first, second):
        report = json.loads((in_order / "_imports" / f"{export.name}.report.json").read_text())
        assert (
            report["input_rows"]
            == sum(report["consumed"].values()) + sum(report["unusable"].values())
            > 0
        )
    capsys.readouterr()


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_again_changes_no_file(tmp_path, fmt):
    first, second = exports(tmp_path, fmt)
    out = tmp_path / "input"
    run_import(fmt, first, out)
    run_import(fmt, second, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    contents = snapshot(out)

    run_import(fmt, first, out)

    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert snapshot(out) == contents


def test_the_roster_keeps_every_agent_from_the_first_day_any_import_saw_it(tmp_path):
    first, second = exports(tmp_path, "anonymous-bank")
    out = tmp_path / "input"
    run_import("anonymous-bank", second, out)
    assert roster(out) == [
        ("MICHAL", "1999-02-03", "february.txt:2"),
        ("STEREN", "1999-02-03", "february.txt:3"),
    ]

    run_import("anonymous-bank", first, out)

    # MICHAL moves back to January; TALI (January only) joins; STEREN stays.
    assert roster(out) == [
        ("MICHAL", "1999-01-05", "january.txt:2"),
        ("STEREN", "1999-02-03", "february.txt:3"),
        ("TALI", "1999-01-05", "january.txt:3"),
    ]
    assert sorted(p.name for p in (out / "calls").iterdir()) == [
        "anonymous_bank_february.csv",
        "anonymous_bank_january.csv",
    ]
