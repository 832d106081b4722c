"""Amazon Connect contact records (CTR) and agent events, as the streams deliver them.

A file holds JSON records one per line (a Kinesis Data Stream dump), as one array, or
back to back (the objects Kinesis Data Firehose writes to S3, gzip-compressed or not).
Records with a `ContactId` are contact records, records with an `AgentARN` and an
`EventType` are agent events (the agent event stream); the mapping is in
docs/importers.md. In short, a VOICE contact is one calls/ row:

- `ContactId` → call_id; `Queue.Name` → queue; `CustomerEndpoint.Address` → customer_id;
  `Agent.Username` (else the agent id at the end of `Agent.ARN`) → agent_id.
- `InitiationMethod` INBOUND, TRANSFER, QUEUE_TRANSFER → inbound, offered when it entered
  the queue (`Queue.EnqueueTimestamp`); OUTBOUND, CALLBACK, API, EXTERNAL_OUTBOUND →
  outbound, offered when initiated, answered when the customer answered
  (`ConnectedToSystemTimestamp`).
- Inbound answered at `Agent.ConnectedToAgentTimestamp`; talk `AgentInteractionDuration`,
  hold `CustomerHoldDuration`, after-call work `AfterContactWorkDuration` (Connect's own
  handle time is their sum); ended at `DisconnectTimestamp`. A transfer
  (`TransferCompletedTimestamp`) makes the disposition transferred.
- Queued and never connected to an agent: abandoned. An outbound call the customer never
  answered: missed by its agent.

Contact records are delivered at least once: of the records of one ContactId, the one
with the latest `LastUpdateTimestamp` is used and the others are reported (`redelivered`).
Agent events become agent_states/ intervals: each event closes the agent's interval and
opens the state of its snapshot (a connected contact: on_contact; a contact ended and in
after-contact work: after_call_work; status type ROUTABLE: available, CUSTOM: not_ready
with the status name as reason; OFFLINE or LOGOUT: logged out). Times are UTC (`Z`).
"""

from __future__ import annotations

import bisect
import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scorecard.importers.base import (
    ImportFormatError,
    ImportResult,
    Roster,
    Unusable,
    output_name,
    write_source,
)

PREFIX = "amazon_connect"
TEAM = "CONNECT"  # agents without a hierarchy group
INBOUND = ("INBOUND", "TRANSFER", "QUEUE_TRANSFER")
OUTBOUND = ("OUTBOUND", "CALLBACK", "API", "EXTERNAL_OUTBOUND")
IN_CONTACT = ("CONNECTED", "CONNECTED_ONHOLD")
HIERARCHY_LEVELS = ("LevelFive", "LevelFour", "LevelThree", "LevelTwo", "LevelOne")


class _Unusable(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class _Record:
    export: str
    line: int
    value: object

    @property
    def origin(self) -> str:
        return f"{self.export}:{self.line}"


def _text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Firehose can compress what it writes to S3
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"{path}: not UTF-8 JSON ({error.reason})") from error


def _records(path: Path, result: ImportResult) -> list[_Record]:
    """Every JSON value of the file with the line it starts on; an array is its elements.

    A stretch that is not JSON is reported (`malformed_record`) from its line to the next
    line that starts a record, so one broken line costs only itself.
    """
    text = _text(path)
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_of(position: int) -> int:
        return bisect.bisect_right(newlines, position - 1) + 1

    decoder = json.JSONDecoder()
    records: list[_Record] = []
    position, in_array = 0, False
    while True:
        while position < len(text) and (
            text[position].isspace() or (in_array and text[position] == ",")
        ):
            position += 1
        if position >= len(text):
            break
        if not records and not in_array and text[position] == "[":
            in_array, position = True, position + 1
            continue
        if in_array and text[position] == "]":
            in_array, position = False, position + 1
            continue
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            line = line_of(position)
            result.input_rows[path.name] += 1
            result.unusable.append(Unusable(path.name, line, "malformed_record", error.msg))
            next_line = text.find("\n", position)
            position = len(text) if next_line < 0 else next_line + 1
            continue
        records.append(_Record(path.name, line_of(position), value))
        position = end
    return records


def _time(value: object, field: str) -> datetime | None:
    """An ISO 8601 UTC timestamp of the record (`2026-01-05T01:00:05Z`, with or without
    milliseconds); None when absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _Unusable("unparsable", f"{field} {value!r}")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Unusable("unparsable", f"{field} {value!r}") from None
    if moment.tzinfo is None:
        raise _Unusable("unparsable", f"{field} {value!r} has no zone")
    return moment.astimezone(UTC)


def _seconds(agent: dict, field: str) -> int | None:
    value = agent.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Unusable("unparsable", f"Agent.{field} {value!r} (whole seconds expected)")
    return value


def _agent_id(agent: dict) -> str:
    username = agent.get("Username")
    if username:
        return str(username)
    arn = agent.get("ARN") or ""
    if "/agent/" in arn:
        return arn.rsplit("/", 1)[-1]
    raise _Unusable("missing_required", "Agent without Username or ARN")


def _team(agent: dict) -> str | None:
    """The deepest agent hierarchy group the record names (Connect's team structure)."""
    groups = agent.get("HierarchyGroups") or {}
    for level in HIERARCHY_LEVELS:
        group = groups.get(level) or {}
        if group.get("GroupName") or group.get("Name"):
            return group.get("GroupName") or group.get("Name")
    return None


def _call(record: dict, origin: str) -> tuple[dict, dict | None]:
    """The calls/ row of one contact record, and its agent (None when none answered)."""
    channel = record.get("Channel")
    if channel != "VOICE":
        raise _Unusable("not_a_call", f"Channel {channel!r}: calls/ holds voice contacts")
    method = record.get("InitiationMethod")
    if method not in INBOUND + OUTBOUND:
        raise _Unusable("not_a_call", f"InitiationMethod {method!r}")
    queue = record.get("Queue") or {}
    agent = record.get("Agent") or {}
    initiated = _time(record.get("InitiationTimestamp"), "InitiationTimestamp")
    disconnected = _time(record.get("DisconnectTimestamp"), "DisconnectTimestamp")
    transferred = _time(record.get("TransferCompletedTimestamp"), "TransferCompletedTimestamp")
    connected_to_agent = _time(
        agent.get("ConnectedToAgentTimestamp"), "Agent.ConnectedToAgentTimestamp"
    )
    if initiated is None:
        raise _Unusable("missing_required", "InitiationTimestamp is empty")
    ended = disconnected or transferred
    if ended is None:
        raise _Unusable("missing_required", "DisconnectTimestamp is empty (contact not ended)")
    endpoint = record.get("CustomerEndpoint") or {}
    row = {
        "call_id": str(record["ContactId"]), "queue": queue.get("Name") or "",
        "customer_id": endpoint.get("Address") or "", "ended_at": ended, "source_ref": origin,
    }  # fmt: skip
    talk = _seconds(agent, "AgentInteractionDuration")
    hold = _seconds(agent, "CustomerHoldDuration")
    acw = _seconds(agent, "AfterContactWorkDuration")
    handled = {"talk_seconds": talk, "hold_seconds": hold, "acw_seconds": acw}
    if method in OUTBOUND:
        if not agent:
            raise _Unusable("no_agent", f"{method} contact without an agent")
        answered = _time(record.get("ConnectedToSystemTimestamp"), "ConnectedToSystemTimestamp")
        row |= {"direction": "outbound", "agent_id": _agent_id(agent), "offered_at": initiated}
        if answered is None:
            return {**row, "disposition": "missed", "acw_seconds": acw}, agent
        return {**row, **handled, "answered_at": answered,
                "disposition": "transferred" if transferred else "answered"}, agent  # fmt: skip
    enqueued = _time(queue.get("EnqueueTimestamp"), "Queue.EnqueueTimestamp")
    if enqueued is None and connected_to_agent is None:
        raise _Unusable("not_queued", "ended in the contact flow, never queued for an agent")
    row |= {"direction": "inbound", "offered_at": enqueued or initiated}
    if connected_to_agent is None:
        return {**row, "disposition": "abandoned"}, None
    return {**row, **handled, "agent_id": _agent_id(agent), "answered_at": connected_to_agent,
            "disposition": "transferred" if transferred else "answered"}, agent  # fmt: skip


def _agent_state(event: dict) -> tuple[str | None, str]:
    """The state an agent event's snapshot shows (None: logged out), and its reason."""
    snapshot = event.get("CurrentAgentSnapshot") or {}
    if event.get("EventType") == "LOGOUT":
        return None, ""
    contacts = snapshot.get("Contacts") or []
    if any(c.get("State") in IN_CONTACT for c in contacts):
        return "on_contact", ""
    if any(c.get("State") == "ENDED" for c in contacts):
        return "after_call_work", ""
    status = snapshot.get("AgentStatus") or {}
    kind = status.get("Type")
    if kind == "ROUTABLE":
        return "available", ""
    if kind == "OFFLINE":
        return None, ""
    if kind == "CUSTOM":
        return "not_ready", status.get("Name") or ""
    raise _Unusable("unknown_enum", f"AgentStatus.Type {kind!r}")


def convert(inputs: list[Path], out: Path) -> ImportResult:
    result = ImportResult()
    roster = Roster(TEAM)
    contacts: dict[str, list[tuple[datetime | None, _Record]]] = {}
    events: list[tuple[datetime, str, _Record, dict]] = []
    for path in inputs:
        for record in _records(path, result):
            result.input_rows[record.export] += 1
            value = record.value
            if isinstance(value, dict) and "ContactId" in value:
                try:
                    updated = _time(value.get("LastUpdateTimestamp"), "LastUpdateTimestamp")
                except _Unusable as error:
                    result.unusable.append(
                        Unusable(record.export, record.line, error.reason, str(error))
                    )
                    continue
                contacts.setdefault(str(value["ContactId"]), []).append((updated, record))
            elif isinstance(value, dict) and "AgentARN" in value and "EventType" in value:
                if value["EventType"] == "HEART_BEAT":  # says the state again; changes nothing
                    result.consumed[record.export, "agent_states"] += 1
                    continue
                try:
                    when = _time(value.get("EventTimestamp"), "EventTimestamp")
                    if when is None:
                        raise _Unusable("missing_required", "EventTimestamp is empty")
                except _Unusable as error:
                    result.unusable.append(
                        Unusable(record.export, record.line, error.reason, str(error))
                    )
                    continue
                events.append((when, value["AgentARN"], record, value))
            else:
                result.unusable.append(
                    Unusable(
                        record.export,
                        record.line,
                        "not_a_record",
                        "neither a contact record (ContactId) nor an agent event",
                    )
                )
    if not contacts and not events and sum(result.input_rows.values()):
        # Nothing in the files is a contact record or an agent event: another format.
        raise ImportFormatError(
            f"{', '.join(map(str, inputs))}: no Amazon Connect contact record (ContactId) or "
            "agent event (AgentARN, EventType) in it"
        )

    calls: list[dict] = []
    for contact_id, versions in sorted(contacts.items()):
        ordered = sorted(
            versions,
            key=lambda v: (v[0] or datetime.min.replace(tzinfo=UTC), v[1].export, v[1].line),
        )
        latest = ordered[-1][1]
        for _updated, earlier in ordered[:-1]:
            result.unusable.append(
                Unusable(
                    earlier.export,
                    earlier.line,
                    "redelivered",
                    f"ContactId {contact_id} delivered again at {latest.origin}",
                )
            )
        try:
            row, agent = _call(latest.value, latest.origin)
        except _Unusable as error:
            result.unusable.append(Unusable(latest.export, latest.line, error.reason, str(error)))
            continue
        calls.append(row)
        result.consumed[latest.export, "calls"] += 1
        if agent:
            roster.see(row["agent_id"], row["offered_at"], latest.origin, team=_team(agent))

    states = _states(events, result, roster)
    for path in inputs:
        name = output_name(PREFIX, path)
        for source, rows in (("calls", calls), ("agent_states", states)):
            mine = [r for r in rows if r["source_ref"].rpartition(":")[0] == path.name]
            if mine or source == "calls":
                write_source(out, source, name, mine, result, path.name)
    roster.write(out, f"{PREFIX}_agents.csv", result, name=str)
    return result


@dataclass
class _OpenState:
    agent: str
    state: str
    reason: str
    since: datetime
    record: _Record
    bounds_something: bool  # its event also ended the agent's previous interval


def _states(events: list, result: ImportResult, roster: Roster) -> list[dict]:
    """Agent events in time order → state intervals (the agent's interval closes at each).

    An event that repeats the state the agent is in changes nothing. An interval still
    open at the end of the exports has no known end: it is not written, and its event,
    when it bounds no other interval, is reported (`unfinished_state`), not guessed.
    """
    open_states: dict[str, _OpenState] = {}  # by agent ARN
    states: list[dict] = []
    for when, arn, record, event in sorted(events, key=lambda e: (e[0], e[2].export, e[2].line)):
        configuration = (event.get("CurrentAgentSnapshot") or {}).get("Configuration") or {}
        try:
            state, reason = _agent_state(event)
        except _Unusable as error:
            result.unusable.append(Unusable(record.export, record.line, error.reason, str(error)))
            continue
        agent = configuration.get("Username") or arn.rsplit("/", 1)[-1]
        result.consumed[record.export, "agent_states"] += 1
        current = open_states.get(arn)
        if current and (current.state, current.reason) == (state, reason):
            continue
        closed = False
        if current:
            del open_states[arn]
            if when > current.since:
                states.append({
                    "agent_id": current.agent, "state": current.state, "reason": current.reason,
                    "started_at": current.since, "ended_at": when,
                    "source_ref": current.record.origin,
                })  # fmt: skip
                closed = True
        if state:
            open_states[arn] = _OpenState(agent, state, reason, when, record, closed)
            name = " ".join(
                part
                for part in (configuration.get("FirstName"), configuration.get("LastName"))
                if part
            )  # fmt: skip  (as Connect shows an agent: first name, last name)
            team = _team({"HierarchyGroups": configuration.get("AgentHierarchyGroups")})
            roster.see(agent, when, record.origin, name=name or None, team=team)
    for still_open in open_states.values():
        if still_open.bounds_something:
            continue
        record = still_open.record
        result.consumed[record.export, "agent_states"] -= 1
        result.unusable.append(
            Unusable(
                record.export,
                record.line,
                "unfinished_state",
                f"{still_open.agent} {still_open.state} since "
                f"{still_open.since.isoformat()}: no later event ends it",
            )
        )
    return states
