"""`scorecard import --format anonymous-bank`: the Technion 1999 logs into calls/ and agents/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scorecard.cli import main
from scorecard.importers.anonymous_bank import HEADER

# Hand-written records in the export's own shape (tab-separated, CRLF), one per case.
RECORDS = [
    # line 2: queued, answered by MICHAL
    "AA0101\t33118\t27997683\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tMICHAL",
    # line 3: same call_id on another VRU line: a different call
    "AA0102\t33118\t0\t0\tNW\t990101\t7:41:16\t7:41:26\t10\t0:00:00\t0:00:00\t0\tAGENT\t7:41:25\t7:44:53\t208\tBASCH",
    # line 4: hung up in the queue
    "AA0101\t33120\t12\t2\tPS\t990101\t9:00:00\t9:00:05\t5\t9:00:05\t9:02:35\t150\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # line 5: phantom
    "AA0101\t33121\t0\t0\tPS\t990101\t9:10:00\t9:10:04\t4\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER",
    # line 6: AGENT without a server
    "AA0101\t33122\t0\t0\tPS\t990101\t9:20:00\t9:20:04\t4\t9:20:04\t9:20:30\t26\tAGENT\t9:20:30\t9:21:00\t30\tNO_SERVER",
    # line 7: served across midnight, ser_time 0 allowed
    "AA0103\t33123\t55\t1\tPS\t990102\t23:59:30\t23:59:40\t10\t23:59:40\t23:59:58\t18\tAGENT\t23:59:58\t0:00:00\t0\tMICHAL",
    # line 8: a time that is not a time
    "AA0103\t33124\t55\t1\tPS\t990102\t10:00:00\tten\t10\t0:00:00\t0:00:00\t0\tAGENT\t10:00:10\t10:01:00\t50\tMICHAL",
    # line 9: a truncated record
    "AA0103\t33125\t55",
]


def write_log(path: Path, records: list[str]) -> Path:
    path.write_bytes(("\r\n".join(["\t".join(HEADER), *records]) + "\r\n").encode())
    return path


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(tmp_path, capsys) -> Path:
    log = write_log(tmp_path / "january.txt", RECORDS)
    out = tmp_path / "input"
    assert (
        main(["import", "--format", "anonymous-bank", "--input", str(log), "--out", str(out)]) == 0
    )
    assert "input rows: 8" in capsys.readouterr().out
    return out


def test_answered_and_abandoned_calls_follow_the_mapping(imported):
    calls = {c["call_id"]: c for c in read(imported / "calls" / "anonymous_bank_january.csv")}

    assert sorted(calls) == ["AA0101-33118", "AA0101-33120", "AA0102-33118", "AA0103-33123"]
    queued = calls["AA0101-33118"]
    assert (queued["agent_id"], queued["queue"], queued["direction"], queued["disposition"]) == (
        "MICHAL", "PS", "inbound", "answered"
    )  # fmt: skip
    assert (queued["offered_at"], queued["answered_at"], queued["ended_at"]) == (
        "1999-01-01T06:55:26", "1999-01-01T06:55:43", "1999-01-01T06:56:37"
    )  # fmt: skip
    assert (queued["talk_seconds"], queued["hold_seconds"], queued["acw_seconds"]) == (
        "54",
        "0",
        "0",
    )
    assert queued["customer_id"] == "27997683" and queued["source_ref"] == "january.txt:2"
    # Not queued: offered at vru_exit, pulled back to the answer a second earlier (clock skew).
    unqueued = calls["AA0102-33118"]
    assert (unqueued["offered_at"], unqueued["answered_at"]) == (
        "1999-01-01T07:41:25", "1999-01-01T07:41:25"
    )  # fmt: skip
    assert unqueued["customer_id"] == ""  # 0 is unknown
    hang = calls["AA0101-33120"]
    assert (hang["agent_id"], hang["disposition"], hang["offered_at"], hang["ended_at"]) == (
        "", "abandoned", "1999-01-01T09:00:05", "1999-01-01T09:02:35"
    )  # fmt: skip
    midnight = calls["AA0103-33123"]
    assert (midnight["answered_at"], midnight["ended_at"], midnight["talk_seconds"]) == (
        "1999-01-02T23:59:58", "1999-01-03T00:00:00", "0"
    )  # fmt: skip


def test_unusable_rows_are_reported_with_their_reason_and_the_counts_add_up(imported):
    unusable = [
        (u["line"], u["reason"])
        for u in read(imported / "_imports" / "january.txt.unusable_rows.csv")
    ]
    assert unusable == [
        ("5", "phantom"), ("6", "agent_without_server"), ("8", "unparsable"), ("9", "malformed_row")
    ]  # fmt: skip
    report = json.loads((imported / "_imports" / "january.txt.report.json").read_text())
    assert report["input_rows"] == sum(report["consumed"].values()) + sum(
        report["unusable"].values()
    )
    assert report["written"] == {"calls/anonymous_bank_january.csv": 4}
    assert (report["export"], report["consumed"], report["agents_named"]) == (
        "january.txt",
        {"calls": 4},
        2,
    )


def test_agents_are_the_servers_valid_from_the_first_day_seen(imported):
    assert read(imported / "agents" / "anonymous_bank_agents.csv") == [
        {"agent_id": "BASCH", "name": "Basch", "team_id": "BANK", "role": "agent", "site": "",
         "hire_date": "", "leave_date": "", "valid_from": "1999-01-01",
         "source_ref": "january.txt:3"},
        {"agent_id": "MICHAL", "name": "Michal", "team_id": "BANK", "role": "agent", "site": "",
         "hire_date": "", "leave_date": "", "valid_from": "1999-01-01",
         "source_ref": "january.txt:2"},
    ]  # fmt: skip


def test_a_file_of_another_format_is_refused_naming_it(tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("call_id,agent_id\n1,A\n")
    assert main(["import", "--format", "anonymous-bank", "--input", str(other),
                 "--out", str(tmp_path / "out")]) == 2  # fmt: skip
    assert f"{other}: not an Anonymous Bank log" in capsys.readouterr().err
