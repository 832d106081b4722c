"""Asterisk `queue_log`: `epoch|callid|queue|agent|event|data1|data2|...`, one event a line.

Mapping (docs/importers.md). A call is the events of one callid: ENTERQUEUE offers it;
CONNECT answers it (agent, at that time); COMPLETEAGENT, COMPLETECALLER and TRANSFER end an
answered call (talk = their calltime; TRANSFER gives disposition transferred); ABANDON and
EXITWITHTIMEOUT end an unanswered one (abandoned). RINGNOANSWER is a leg the ringing agent
missed: a calls/ row of its own (`<callid>-ring<n>`). Agent states come from
ADDMEMBER/REMOVEMEMBER (logged in or out), PAUSE/UNPAUSE (not_ready) and the calls
(on_contact from CONNECT to the end). Times are epoch seconds, written in UTC.
Each queue_log file is an export: its calls and states (by the line they start on) go to
`calls/asterisk_<file>.csv` and `agent_states/asterisk_<file>.csv`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scorecard.importers.base import (
    ImportFormatError,
    ImportResult,
    Roster,
    Unusable,
    output_name,
    write_source,
)

CALL_END = {"COMPLETEAGENT": "answered", "COMPLETECALLER": "answered", "TRANSFER": "transferred"}
UNANSWERED_END = ("ABANDON", "EXITWITHTIMEOUT")
STATE_EVENTS = ("ADDMEMBER", "REMOVEMEMBER", "PAUSE", "UNPAUSE")
TEAM = "QUEUE"


def _agent(member: str) -> str:
    """`SIP/1001`, `Local/1001@agents`, `Agent/1001` or a member name → `1001`."""
    return member.split("/", 1)[-1].split("@", 1)[0]


def _at(epoch: str) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)


@dataclass
class _Call:
    lines: list[tuple[str, int]] = field(default_factory=list)
    queue: str = ""
    caller: str = ""
    offered: datetime | None = None
    answered: datetime | None = None
    agent: str = ""


def convert(inputs: list[Path], out: Path) -> ImportResult:
    result = ImportResult()
    calls: dict[str, _Call] = {}
    rows: list[dict] = []
    ring_legs: Counter = Counter()
    # agent -> (state, since, origin) of the open interval
    open_states: dict[str, tuple[str, datetime, str]] = {}
    paused: set[str] = set()
    states: list[dict] = []
    roster = Roster(TEAM)

    def switch(agent: str, state: str | None, when: datetime, origin: str) -> None:
        """Close the agent's open interval at `when`; open `state` (None: logged out)."""
        current = open_states.pop(agent, None)
        if current and when > current[1]:
            states.append({"agent_id": agent, "state": current[0], "started_at": current[1],
                           "ended_at": when, "source_ref": current[2]})  # fmt: skip
        if state:
            open_states[agent] = (state, when, origin)

    for path in inputs:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, text in enumerate(handle, start=1):
                text = text.rstrip("\r\n")
                if not text:
                    continue
                result.input_rows[path.name] += 1
                origin = f"{path.name}:{line}"
                fields = text.split("|")
                if len(fields) < 5:
                    result.unusable.append(Unusable(path.name, line, "malformed_row", text[:80]))
                    continue
                epoch, callid, queue, member, event, *data = fields
                try:
                    when = _at(epoch)
                except (ValueError, OverflowError):
                    result.unusable.append(Unusable(path.name, line, "unparsable", epoch))
                    continue
                agent = _agent(member) if member not in ("", "NONE") else ""
                if event in STATE_EVENTS:
                    if not agent:
                        result.unusable.append(Unusable(path.name, line, "no_agent", event))
                        continue
                    roster.see(agent, when, origin)
                    if event == "PAUSE":
                        paused.add(agent)
                    elif event == "UNPAUSE" or event == "REMOVEMEMBER":
                        paused.discard(agent)
                    state = (
                        None
                        if event == "REMOVEMEMBER"
                        else ("not_ready" if agent in paused else "available")
                    )
                    switch(agent, state, when, origin)
                    result.consumed[path.name, "agent_states"] += 1
                    continue
                if event == "RINGNOANSWER":
                    if not agent or callid not in calls:
                        result.unusable.append(Unusable(path.name, line, "orphan_event", event))
                        continue
                    ring_ms = int(data[0]) if data and data[0].isdigit() else 0
                    ring_legs[callid] += 1
                    roster.see(agent, when, origin)
                    rows.append({
                        "call_id": f"{callid}-ring{ring_legs[callid]}", "agent_id": agent,
                        "queue": calls[callid].queue, "direction": "inbound",
                        "customer_id": calls[callid].caller,
                        "offered_at": when - timedelta(milliseconds=ring_ms),
                        "ended_at": when, "disposition": "missed", "source_ref": origin,
                    })  # fmt: skip
                    result.consumed[path.name, "calls"] += 1
                    continue
                if event == "ENTERQUEUE":
                    call = calls.setdefault(callid, _Call())
                    call.lines.append((path.name, line))
                    call.queue, call.offered = queue, when
                    call.caller = data[1] if len(data) > 1 else ""
                    continue
                if event not in ("CONNECT", *CALL_END, *UNANSWERED_END):
                    result.unusable.append(Unusable(path.name, line, "not_a_call_event", event))
                    continue
                call = calls.get(callid)
                if call is None or call.offered is None:
                    result.unusable.append(Unusable(path.name, line, "orphan_event", event))
                    continue
                call.lines.append((path.name, line))
                if event == "CONNECT":
                    call.answered, call.agent = when, agent
                    roster.see(agent, when, origin)
                    switch(agent, "on_contact", when, origin)
                    continue
                row = {
                    "call_id": callid, "queue": call.queue, "direction": "inbound",
                    "customer_id": call.caller, "offered_at": call.offered, "ended_at": when,
                    "source_ref": f"{call.lines[0][0]}:{call.lines[0][1]}",
                }  # fmt: skip
                if event in CALL_END and call.answered is not None:
                    talk = data[1] if event != "TRANSFER" else data[3] if len(data) > 3 else ""
                    row |= {"agent_id": call.agent, "answered_at": call.answered,
                            "talk_seconds": talk, "disposition": CALL_END[event]}  # fmt: skip
                    after = "not_ready" if call.agent in paused else "available"
                    switch(call.agent, after, when, origin)
                elif event in UNANSWERED_END and call.answered is None:
                    row["disposition"] = "abandoned"
                else:
                    result.unusable.append(Unusable(path.name, line, "orphan_event", event))
                    call.lines.pop()
                    continue
                rows.append(row)
                for name, _line in call.lines:
                    result.consumed[name, "calls"] += 1
                del calls[callid]
    # Calls still open at the end of the log: not finished, not guessed.
    for call in calls.values():
        for name, line in call.lines:
            result.unusable.append(Unusable(name, line, "unfinished_call", "no end event"))
    if not rows and not states and sum(result.input_rows.values()):
        raise ImportFormatError(f"{', '.join(map(str, inputs))}: no queue_log events found")
    for path in inputs:  # each row to the export its first line is in
        mine = [r for r in rows if r["source_ref"].rpartition(":")[0] == path.name]
        write_source(out, "calls", output_name("asterisk", path), mine, result, path.name)
        mine = [s for s in states if s["source_ref"].rpartition(":")[0] == path.name]
        write_source(out, "agent_states", output_name("asterisk", path), mine, result, path.name)
    roster.write(out, "asterisk_agents.csv", result, name=str)
    return result
