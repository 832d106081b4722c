"""The Technion "Anonymous Bank" call logs (1999): one tab-separated record per call.

Mapping (docs/importers.md): the record key is `vru+line` + `call_id` (call_id alone
repeats across VRU lines). AGENT with a named server is an answered inbound call to that
agent: offered at `q_start` when the call queued, else at `vru_exit`; answered at
`ser_start`; ended at `ser_exit`; `ser_time` is the talk time (zero allowed); no hold, no
after-call work. HANG is an inbound call abandoned (in the queue, or in the VRU before
it). PHANTOM, and AGENT with server NO_SERVER, are unusable. customer_id 0 is unknown.
Agents are the server names, valid from the first day each is seen (in any import).
With `derive_attendance`, a day on which an agent answered a call is a day present
(attendance/): the logs have no schedule, and the schemes score only agents present on
at least five days.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from scorecard.importers.base import (
    ImportFormatError,
    ImportResult,
    Roster,
    Unusable,
    output_name,
    write_source,
)

HEADER = [
    "vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry", "vru_exit",
    "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start", "ser_exit", "ser_time",
    "server",
]  # fmt: skip
NO_TIME = "0:00:00"
NO_SERVER = "NO_SERVER"
TEAM = "BANK"
# A clock time more than this before the previous event of the call is on the next day.
MIDNIGHT_SLACK = timedelta(hours=1)


def _day(text: str) -> date:
    year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
    return date(1900 + year if year >= 50 else 2000 + year, month, day)


def _at(day: date, clock: str, after: datetime | None = None) -> datetime:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    moment = datetime(day.year, day.month, day.day) + timedelta(
        hours=hours, minutes=minutes, seconds=seconds
    )
    if after is not None and moment < after - MIDNIGHT_SLACK:
        moment += timedelta(days=1)
    return moment


def _call(record: dict, origin: str) -> tuple[dict, str | None]:
    """The calls/ row of one record, and the agent (server) it names."""
    day = _day(record["date"])
    vru_exit = _at(day, record["vru_exit"], _at(day, record["vru_entry"]))
    queued = record["q_start"] != NO_TIME
    offered = _at(day, record["q_start"], vru_exit) if queued else vru_exit
    row = {
        "call_id": f"{record['vru+line']}-{record['call_id']}",
        "queue": record["type"],
        "direction": "inbound",
        "customer_id": "" if record["customer_id"] == "0" else record["customer_id"],
        "source_ref": origin,
    }
    if record["outcome"] == "HANG":
        ended = _at(day, record["q_exit"], offered) if queued else vru_exit
        return {**row, "offered_at": offered, "ended_at": ended, "disposition": "abandoned"}, None
    answered = _at(day, record["ser_start"], offered - MIDNIGHT_SLACK)
    ended = _at(day, record["ser_exit"], answered)
    talk = int(record["ser_time"])
    if talk < 0:
        raise ValueError(f"negative ser_time {talk}")
    return {
        **row,
        "agent_id": record["server"],
        # The VRU and the switch clocks drift by a second or two: never answered before offered.
        "offered_at": min(offered, answered),
        "answered_at": answered,
        "ended_at": ended,
        "talk_seconds": talk,
        "hold_seconds": 0,
        "acw_seconds": 0,
        "disposition": "answered",
    }, record["server"]


def attendance_from_calls(calls: list[dict]) -> list[dict]:
    """One `present` shift per agent and day with an answered call (shift times unknown).

    The day is the local day the call was offered (the logs' times are local), the day
    that also places the call in its month (SPEC §4), so a call taken just after midnight
    counts to the shift that began the evening before. Each shift points, in source_ref,
    at that day's first answered call, so lineage reaches the log.
    """
    first_call: dict[tuple[str, date], dict] = {}
    for call in calls:
        if call["disposition"] != "answered":
            continue
        key = (call["agent_id"], call["offered_at"].date())
        if key not in first_call or call["offered_at"] < first_call[key]["offered_at"]:
            first_call[key] = call
    return [
        {"agent_id": agent, "work_date": day, "status": "present",
         "source_ref": first_call[agent, day]["source_ref"]}
        for agent, day in sorted(first_call)
    ]  # fmt: skip


def convert(inputs: list[Path], out: Path, derive_attendance: bool = False) -> ImportResult:
    result = ImportResult()
    roster = Roster(TEAM)
    for path in inputs:
        export = path.name
        calls = []
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            header = next(reader, None)
            if header != HEADER:
                raise ImportFormatError(
                    f"{path}: not an Anonymous Bank log (header {header!r}, expected "
                    f"{' '.join(HEADER)})"
                )
            for line, fields in enumerate(reader, start=2):
                result.input_rows[export] += 1
                where = (export, line)
                if len(fields) != len(HEADER):
                    result.unusable.append(
                        Unusable(*where, "malformed_row", f"{len(fields)} fields")
                    )
                    continue
                record = dict(zip(HEADER, fields, strict=True))
                outcome, server = record["outcome"], record["server"]
                if outcome == "PHANTOM":
                    result.unusable.append(Unusable(*where, "phantom", "outcome PHANTOM"))
                    continue
                if outcome == "AGENT" and server == NO_SERVER:
                    result.unusable.append(
                        Unusable(*where, "agent_without_server", "outcome AGENT, NO_SERVER")
                    )
                    continue
                if outcome not in ("AGENT", "HANG"):
                    result.unusable.append(Unusable(*where, "unknown_outcome", outcome))
                    continue
                try:
                    row, agent = _call(record, f"{export}:{line}")
                except ValueError as error:
                    result.unusable.append(Unusable(*where, "unparsable", str(error)))
                    continue
                calls.append(row)
                if agent is not None:
                    roster.see(agent, row["offered_at"], row["source_ref"])
        written = write_source(
            out, "calls", output_name("anonymous_bank", path), calls, result, export
        )
        result.consumed[export, "calls"] += written  # one record, one call
        if derive_attendance:
            write_source(
                out,
                "attendance",
                output_name("anonymous_bank", path),
                attendance_from_calls(calls),
                result,
                export,
            )
    roster.write(out, "anonymous_bank_agents.csv", result)
    return result
