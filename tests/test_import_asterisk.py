"""`scorecard import --format asterisk-queue-log` on a queue_log written from the documented
format: calls, missed legs and agent states, every line accounted for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scorecard.cli import main

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z
QUEUE_LOG = [
    f"{T0}|NONE|NONE|NONE|QUEUESTART|",  # 1: not a call event
    f"{T0 + 10}|NONE|support|SIP/1001|ADDMEMBER|",  # 2
    f"{T0 + 20}|NONE|support|SIP/1002|ADDMEMBER|",  # 3
    f"{T0 + 100}|c1|support|NONE|ENTERQUEUE||13800138000|1",  # 4
    f"{T0 + 105}|c1|support|SIP/1002|RINGNOANSWER|5000",  # 5: 1002 let it ring 5 s
    f"{T0 + 110}|c1|support|SIP/1001|CONNECT|10|c1-b|4",  # 6
    f"{T0 + 230}|c1|support|SIP/1001|COMPLETECALLER|10|120|1",  # 7: 120 s of talk
    f"{T0 + 300}|c2|support|NONE|ENTERQUEUE||13900139000|1",  # 8
    f"{T0 + 340}|c2|support|NONE|ABANDON|1|1|40",  # 9
    f"{T0 + 400}|c3|support|NONE|ENTERQUEUE||13700137000|1",  # 10
    f"{T0 + 402}|c3|support|SIP/1002|CONNECT|2|c3-b|1",  # 11
    f"{T0 + 500}|c3|support|SIP/1002|TRANSFER|200|from-internal|2|98|1",  # 12
    f"{T0 + 600}|NONE|support|SIP/1001|PAUSE|lunch",  # 13
    f"{T0 + 900}|NONE|support|SIP/1001|UNPAUSE|",  # 14
    f"{T0 + 950}|c4|support|NONE|ENTERQUEUE||13600136000|1",  # 15
    f"{T0 + 1010}|c4|support|NONE|EXITWITHTIMEOUT|1|1|60",  # 16
    f"{T0 + 1100}|c9|support|SIP/1001|COMPLETEAGENT|5|50|1",  # 17: no ENTERQUEUE
    f"{T0 + 1200}|c5|support|NONE|ENTERQUEUE||13500135000|1",  # 18: never ends
    "garbage",  # 19
    f"{T0 + 1300}|NONE|support|SIP/1001|REMOVEMEMBER|",  # 20
]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(tmp_path) -> Path:
    log = tmp_path / "queue_log"
    log.write_text("\n".join(QUEUE_LOG) + "\n", encoding="utf-8")
    out = tmp_path / "input"
    assert main(["import", "--format", "asterisk-queue-log", "--input", str(log),
                 "--out", str(out)]) == 0  # fmt: skip
    return out


def test_calls_answered_transferred_abandoned_and_missed_legs(imported):
    calls = {c["call_id"]: c for c in read(imported / "calls" / "asterisk_queue_log.csv")}

    assert sorted(calls) == ["c1", "c1-ring1", "c2", "c3", "c4"]
    assert {k: calls["c1"][k] for k in ("agent_id", "offered_at", "answered_at", "ended_at",
                                        "talk_seconds", "disposition", "source_ref")} == {
        "agent_id": "1001", "offered_at": "2026-01-01T00:01:40Z",
        "answered_at": "2026-01-01T00:01:50Z", "ended_at": "2026-01-01T00:03:50Z",
        "talk_seconds": "120", "disposition": "answered", "source_ref": "queue_log:4",
    }  # fmt: skip
    assert (calls["c1-ring1"]["agent_id"], calls["c1-ring1"]["disposition"]) == ("1002", "missed")
    assert calls["c1-ring1"]["offered_at"] == "2026-01-01T00:01:40Z"  # 5 s of ringing
    assert (calls["c3"]["disposition"], calls["c3"]["talk_seconds"]) == ("transferred", "98")
    assert calls["c2"]["disposition"] == calls["c4"]["disposition"] == "abandoned"
    assert calls["c2"]["agent_id"] == ""


def test_agent_states_follow_members_pauses_and_calls(imported):
    states = [
        (s["agent_id"], s["state"], s["started_at"][11:19], s["ended_at"][11:19])
        for s in read(imported / "agent_states" / "asterisk_queue_log.csv")
        if s["agent_id"] == "1001"
    ]
    assert states == [
        ("1001", "available", "00:00:10", "00:01:50"),
        ("1001", "on_contact", "00:01:50", "00:03:50"),
        ("1001", "available", "00:03:50", "00:10:00"),
        ("1001", "not_ready", "00:10:00", "00:15:00"),
        ("1001", "available", "00:15:00", "00:21:40"),
    ]


def test_every_line_is_used_or_reported_with_its_reason(imported):
    unusable = {
        int(u["line"]): u["reason"]
        for u in read(imported / "_imports" / "queue_log.unusable_rows.csv")
    }
    assert unusable == {
        1: "not_a_call_event", 17: "orphan_event", 18: "unfinished_call", 19: "malformed_row"
    }  # fmt: skip
    report = json.loads((imported / "_imports" / "queue_log.report.json").read_text())
    assert report["input_rows"] == len(QUEUE_LOG)
    assert report["input_rows"] == sum(report["consumed"].values()) + len(unusable)
    assert [a["agent_id"] for a in read(imported / "agents" / "asterisk_agents.csv")] == [
        "1001", "1002"
    ]  # fmt: skip
