"""`scorecard import --format amazon-connect-ctr`: contact records and agent events written
by hand from AWS's published data model (contact records, agent event stream)."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from scorecard.cli import main

INSTANCE = "arn:aws:connect:ap-east-1:123456789012:instance/aaaa1111"
WANG_ARN = f"{INSTANCE}/agent/1b2c3d4e-wang"
LI_ARN = f"{INSTANCE}/agent/5f6a7b8c-li"


def agent(username: str, arn: str, **fields) -> dict:
    return {
        "ARN": arn,
        "Username": username,
        "RoutingProfile": {"ARN": f"{INSTANCE}/routing-profile/rp1", "Name": "Basic"},
        "HierarchyGroups": {
            "Level1": None,
            "LevelOne": {"ARN": f"{INSTANCE}/agent-group/g1", "GroupName": "上海中心"},
            "LevelTwo": {"ARN": f"{INSTANCE}/agent-group/g2", "GroupName": "客服一组"},
        },
        "NumberOfHolds": 0,
        "LongestHoldDuration": 0,
        **fields,
    }


def contact(contact_id: str, **fields) -> dict:
    """A voice contact record with the fields every record carries."""
    return {
        "AWSAccountId": "123456789012",
        "AWSContactTraceRecordFormatVersion": "2017-03-10",
        "Agent": None,
        "AgentConnectionAttempts": 0,
        "Attributes": {},
        "Channel": "VOICE",
        "ContactId": contact_id,
        "CustomerEndpoint": {"Address": "+8613800138000", "Type": "TELEPHONE_NUMBER"},
        "InitialContactId": None,
        "InstanceARN": INSTANCE,
        "NextContactId": None,
        "PreviousContactId": None,
        "Queue": None,
        "Recording": None,
        "SystemEndpoint": {"Address": "+864000000000", "Type": "TELEPHONE_NUMBER"},
        "TransferCompletedTimestamp": None,
        "TransferredToEndpoint": None,
        **fields,
    }


def queue(enqueued: str, dequeued: str, seconds: int) -> dict:
    return {
        "ARN": f"{INSTANCE}/queue/q1",
        "Name": "售后服务",
        "EnqueueTimestamp": enqueued,
        "DequeueTimestamp": dequeued,
        "Duration": seconds,
    }


ANSWERED = contact(
    "c-answered",
    InitiationMethod="INBOUND",
    InitiationTimestamp="2026-01-05T01:00:00Z",
    ConnectedToSystemTimestamp="2026-01-05T01:00:00Z",
    Queue=queue("2026-01-05T01:00:30Z", "2026-01-05T01:00:40Z", 10),
    Agent=agent(
        "wang.fang", WANG_ARN,
        ConnectedToAgentTimestamp="2026-01-05T01:00:40Z",
        AgentInteractionDuration=240, CustomerHoldDuration=30, AfterContactWorkDuration=45,
        AfterContactWorkStartTimestamp="2026-01-05T01:05:10Z",
        AfterContactWorkEndTimestamp="2026-01-05T01:05:55Z",
        NumberOfHolds=1, LongestHoldDuration=30,
    ),
    DisconnectTimestamp="2026-01-05T01:05:10Z",
    LastUpdateTimestamp="2026-01-05T01:06:00Z",
)  # fmt: skip
TRANSFERRED = contact(
    "c-transferred",
    InitiationMethod="INBOUND",
    InitiationTimestamp="2026-01-05T02:00:00Z",
    ConnectedToSystemTimestamp="2026-01-05T02:00:00Z",
    Queue=queue("2026-01-05T02:00:20Z", "2026-01-05T02:00:25Z", 5),
    Agent=agent(
        "li.qiang", LI_ARN,
        ConnectedToAgentTimestamp="2026-01-05T02:00:25Z",
        AgentInteractionDuration=95, CustomerHoldDuration=0, AfterContactWorkDuration=20,
    ),
    TransferCompletedTimestamp="2026-01-05T02:02:00Z",
    NextContactId="c-transfer-leg",
    DisconnectTimestamp="2026-01-05T02:02:00Z",
    LastUpdateTimestamp="2026-01-05T02:03:00Z",
)  # fmt: skip
ABANDONED = contact(
    "c-abandoned",
    InitiationMethod="INBOUND",
    InitiationTimestamp="2026-01-05T03:00:00Z",
    ConnectedToSystemTimestamp="2026-01-05T03:00:00Z",
    Queue=queue("2026-01-05T03:00:15Z", "2026-01-05T03:01:45Z", 90),
    DisconnectTimestamp="2026-01-05T03:01:45Z",
    LastUpdateTimestamp="2026-01-05T03:02:00Z",
)  # fmt: skip
OUTBOUND = contact(
    "c-outbound",
    InitiationMethod="OUTBOUND",
    InitiationTimestamp="2026-01-05T04:00:00Z",
    ConnectedToSystemTimestamp="2026-01-05T04:00:12Z",  # the customer answered
    Agent=agent(
        "wang.fang", WANG_ARN,
        ConnectedToAgentTimestamp="2026-01-05T04:00:00Z",
        AgentInteractionDuration=120, CustomerHoldDuration=0, AfterContactWorkDuration=30,
    ),
    DisconnectTimestamp="2026-01-05T04:02:12Z",
    LastUpdateTimestamp="2026-01-05T04:03:00Z",
)  # fmt: skip
UNANSWERED_OUTBOUND = contact(
    "c-no-answer",
    InitiationMethod="OUTBOUND",
    InitiationTimestamp="2026-01-05T04:10:00Z",
    Agent=agent(
        "wang.fang", WANG_ARN,
        ConnectedToAgentTimestamp="2026-01-05T04:10:00Z",
        AgentInteractionDuration=25, CustomerHoldDuration=0, AfterContactWorkDuration=5,
    ),
    DisconnectTimestamp="2026-01-05T04:10:25Z",
    LastUpdateTimestamp="2026-01-05T04:11:00Z",
)  # fmt: skip
SELF_SERVICE = contact(
    "c-ivr",
    InitiationMethod="INBOUND",
    InitiationTimestamp="2026-01-05T05:00:00Z",
    ConnectedToSystemTimestamp="2026-01-05T05:00:00Z",
    DisconnectTimestamp="2026-01-05T05:01:00Z",
    LastUpdateTimestamp="2026-01-05T05:01:30Z",
)  # fmt: skip
CHAT = contact(
    "c-chat",
    Channel="CHAT",
    InitiationMethod="API",
    InitiationTimestamp="2026-01-05T06:00:00Z",
    DisconnectTimestamp="2026-01-05T06:05:00Z",
    LastUpdateTimestamp="2026-01-05T06:05:30Z",
)  # fmt: skip
# Delivered twice: an update of the answered contact (attributes changed) arrives later.
ANSWERED_AGAIN = {**ANSWERED, "Attributes": {"survey": "done"},
                  "LastUpdateTimestamp": "2026-01-05T09:00:00Z"}  # fmt: skip


def agent_event(arn: str, username: str, when: str, event_type: str, status: dict,
                contacts: list[dict] | None = None) -> dict:  # fmt: skip
    first, last = {"wang.fang": ("Fang", "Wang"), "li.qiang": ("Qiang", "Li")}[username]
    return {
        "AWSAccountId": "123456789012",
        "AgentARN": arn,
        "EventId": f"{username}-{when}",
        "EventTimestamp": when,
        "EventType": event_type,
        "InstanceARN": INSTANCE,
        "Version": "2019-05-25",
        "CurrentAgentSnapshot": {
            "AgentStatus": {
                "ARN": f"{INSTANCE}/agent-state/{status['Name']}",
                "StartTimestamp": when,
                **status,
            },
            "Configuration": {
                "FirstName": first,
                "LastName": last,
                "Username": username,
                "AgentHierarchyGroups": {
                    "Level1": None,
                    "LevelOne": {"ARN": "g1", "Name": "上海中心"},
                    "LevelTwo": {"ARN": "g2", "Name": "客服一组"},
                },
                "RoutingProfile": {"ARN": "rp1", "Name": "Basic"},
            },
            "Contacts": contacts or [],
        },
    }


AVAILABLE = {"Name": "Available", "Type": "ROUTABLE"}
LUNCH = {"Name": "午餐", "Type": "CUSTOM"}
OFFLINE = {"Name": "Offline", "Type": "OFFLINE"}
EVENTS = [
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T00:55:00Z", "LOGIN", AVAILABLE),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T01:00:40Z", "STATE_CHANGE", AVAILABLE,
                [{"ContactId": "c-answered", "State": "CONNECTED", "Channel": "VOICE"}]),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T01:05:10Z", "STATE_CHANGE", AVAILABLE,
                [{"ContactId": "c-answered", "State": "ENDED", "Channel": "VOICE"}]),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T01:05:55Z", "STATE_CHANGE", AVAILABLE),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T01:10:00Z", "HEART_BEAT", AVAILABLE),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T03:30:00Z", "STATE_CHANGE", LUNCH),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T04:00:00Z", "STATE_CHANGE", AVAILABLE),
    agent_event(WANG_ARN, "wang.fang", "2026-01-05T09:00:00Z", "LOGOUT", OFFLINE),
    agent_event(LI_ARN, "li.qiang", "2026-01-05T01:58:00Z", "LOGIN", AVAILABLE),  # never ends
]  # fmt: skip


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def imported(tmp_path) -> Path:
    """One export per delivery form: JSON lines (a stream dump), and a gzip-compressed
    Firehose object of records back to back holding an array-less redelivery and events."""
    stream = tmp_path / "exports" / "ctr-2026-01-05.jsonl"
    stream.parent.mkdir()
    lines = [
        json.dumps(r, ensure_ascii=False)
        for r in (
            ANSWERED,
            TRANSFERRED,
            ABANDONED,
            OUTBOUND,
            UNANSWERED_OUTBOUND,
            SELF_SERVICE,
            CHAT,
        )
    ]
    lines.append('{"ContactId": "c-broken", "Channel": ')  # line 8: cut off
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")  # fmt: skip
    firehose = tmp_path / "exports" / "connect-ctr-1-2026-01-05-09-15-00-0a1b"
    body = "".join(json.dumps(r, ensure_ascii=False, indent=1) for r in [ANSWERED_AGAIN, *EVENTS])
    firehose.write_bytes(gzip.compress(body.encode("utf-8")))
    out = tmp_path / "input"
    assert main(["import", "--format", "amazon-connect-ctr", "--input", str(stream.parent),
                 "--out", str(out)]) == 0  # fmt: skip
    return out


def test_contact_records_map_to_calls_per_the_data_model(imported):
    calls = {
        c["call_id"]: c for c in read(imported / "calls" / "amazon_connect_ctr-2026-01-05.csv")
    }
    redelivered = read(
        imported / "calls" / "amazon_connect_connect-ctr-1-2026-01-05-09-15-00-0a1b.csv"
    )
    fields = ("direction", "agent_id", "queue", "offered_at", "answered_at", "ended_at",
              "talk_seconds", "hold_seconds", "acw_seconds", "disposition")  # fmt: skip
    # The update delivered later is the contact's record; it keeps its own line.
    assert [(c["call_id"], c["source_ref"]) for c in redelivered] == [
        ("c-answered", "connect-ctr-1-2026-01-05-09-15-00-0a1b:1")
    ]
    answered = redelivered[0]
    assert tuple(answered[f] for f in fields) == (
        "inbound", "wang.fang", "售后服务", "2026-01-05T01:00:30Z", "2026-01-05T01:00:40Z",
        "2026-01-05T01:05:10Z", "240", "30", "45", "answered",
    )  # fmt: skip
    assert answered["customer_id"] == "+8613800138000"
    assert sorted(calls) == ["c-abandoned", "c-no-answer", "c-outbound", "c-transferred"]
    assert tuple(calls["c-transferred"][f] for f in fields) == (
        "inbound", "li.qiang", "售后服务", "2026-01-05T02:00:20Z", "2026-01-05T02:00:25Z",
        "2026-01-05T02:02:00Z", "95", "0", "20", "transferred",
    )  # fmt: skip
    assert tuple(calls["c-abandoned"][f] for f in fields) == (
        "inbound", "", "售后服务", "2026-01-05T03:00:15Z", "", "2026-01-05T03:01:45Z",
        "", "", "", "abandoned",
    )  # fmt: skip
    assert tuple(calls["c-outbound"][f] for f in fields) == (
        "outbound", "wang.fang", "", "2026-01-05T04:00:00Z", "2026-01-05T04:00:12Z",
        "2026-01-05T04:02:12Z", "120", "0", "30", "answered",
    )  # fmt: skip
    assert tuple(calls["c-no-answer"][f] for f in fields) == (
        "outbound", "wang.fang", "", "2026-01-05T04:10:00Z", "", "2026-01-05T04:10:25Z",
        "", "", "5", "missed",
    )  # fmt: skip
    assert calls["c-transferred"]["source_ref"] == "ctr-2026-01-05.jsonl:2"


def test_agent_events_become_state_intervals_and_the_roster_has_names_and_teams(imported):
    states = read(
        imported / "agent_states" / "amazon_connect_connect-ctr-1-2026-01-05-09-15-00-0a1b.csv"
    )
    assert [(s["agent_id"], s["state"], s["reason"], s["started_at"][11:19], s["ended_at"][11:19])
            for s in states] == [
        ("wang.fang", "available", "", "00:55:00", "01:00:40"),
        ("wang.fang", "on_contact", "", "01:00:40", "01:05:10"),
        ("wang.fang", "after_call_work", "", "01:05:10", "01:05:55"),
        ("wang.fang", "available", "", "01:05:55", "03:30:00"),  # the heartbeat changes nothing
        ("wang.fang", "not_ready", "午餐", "03:30:00", "04:00:00"),
        ("wang.fang", "available", "", "04:00:00", "09:00:00"),
    ]  # fmt: skip
    # First seen: the same day in both exports, so the first export by name and line (the
    # Firehose object: for wang.fang its line 1, the redelivered contact); names come from
    # the agent events (contact records carry none).
    assert [(a["agent_id"], a["name"], a["team_id"], a["valid_from"], a["source_ref"])
            for a in read(imported / "agents" / "amazon_connect_agents.csv")] == [
        ("li.qiang", "Qiang Li", "客服一组", "2026-01-05", _event_line(len(EVENTS) - 1)),
        ("wang.fang", "Fang Wang", "客服一组", "2026-01-05",
         "connect-ctr-1-2026-01-05-09-15-00-0a1b:1"),
    ]  # fmt: skip


def _event_line(index: int) -> str:
    """Where EVENTS[index] starts in the Firehose object: records back to back, each
    starting on the line the one before it ends on."""
    records = [ANSWERED_AGAIN, *EVENTS][: index + 2]
    newlines = sum(json.dumps(r, ensure_ascii=False, indent=1).count("\n") for r in records[:-1])
    return f"connect-ctr-1-2026-01-05-09-15-00-0a1b:{newlines + 1}"


def test_every_record_is_used_or_reported_with_its_reason(imported):
    unusable = {
        (u["file"], u["reason"]): u["detail"]
        for export in ("ctr-2026-01-05.jsonl", "connect-ctr-1-2026-01-05-09-15-00-0a1b")
        for u in read(imported / "_imports" / f"{export}.unusable_rows.csv")
    }
    assert unusable == {
        ("ctr-2026-01-05.jsonl", "redelivered"):
            "ContactId c-answered delivered again at connect-ctr-1-2026-01-05-09-15-00-0a1b:1",
        ("ctr-2026-01-05.jsonl", "not_queued"):
            "ended in the contact flow, never queued for an agent",
        ("ctr-2026-01-05.jsonl", "not_a_call"): "Channel 'CHAT': calls/ holds voice contacts",
        ("ctr-2026-01-05.jsonl", "malformed_record"): "Expecting value",
        ("connect-ctr-1-2026-01-05-09-15-00-0a1b", "unfinished_state"):
            "li.qiang available since 2026-01-05T01:58:00+00:00: no later event ends it",
    }  # fmt: skip
    for export, rows in (("ctr-2026-01-05.jsonl", 8),
                         ("connect-ctr-1-2026-01-05-09-15-00-0a1b", 10)):  # fmt: skip
        report = json.loads((imported / "_imports" / f"{export}.report.json").read_text())
        assert report["input_rows"] == rows
        assert report["input_rows"] == sum(report["consumed"].values()) + sum(
            report["unusable"].values()
        ), export


def test_a_file_of_another_format_is_refused_naming_it(tmp_path, capsys):
    other = tmp_path / "calls.json"
    other.write_text('[{"call_id": "C1", "agent": "A1"}]\n', encoding="utf-8")
    assert main(["import", "--format", "amazon-connect-ctr", "--input", str(other),
                 "--out", str(tmp_path / "out")]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        f"scorecard import: {other}: no Amazon Connect contact record (ContactId) or agent "
        "event (AgentARN, EventType) in it\n"
    )
    assert not (tmp_path / "out").exists()
