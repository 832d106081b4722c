"""The PwC call-center training workbook (.xlsx): one row per call, first sheet.

Mapping (docs/importers.md): `Call Id` is the call; `Agent` the agent; `Date` + `Time` the
moment it was offered; `Topic` the queue. Answered `Y`: answered after `Speed of answer in
seconds`, talk time `AvgTalkDuration` (hh:mm:ss, the call's own), ended after the talk.
Answered `N`: a call the agent missed (ended when offered: the workbook has no duration).
A `Satisfaction rating` becomes a surveys/ row at the end of the call. The trap: `Date`
mixes text cells (`2021-01-05`) with real Excel date cells (and could hold date serials);
every kind is read as the same calendar date. `Resolved` has no place in the contract.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl

from scorecard.importers.base import (
    ImportFormatError,
    ImportResult,
    Roster,
    Unusable,
    output_name,
    write_source,
)

HEADER = (
    "Call Id", "Agent", "Date", "Time", "Topic", "Answered (Y/N)", "Resolved",
    "Speed of answer in seconds", "AvgTalkDuration", "Satisfaction rating",
)  # fmt: skip
TEAM = "PWC"
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug


class _Unusable(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def cell_date(value: object) -> date:
    """A Date cell: an Excel date, a date serial number, or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return EXCEL_EPOCH + timedelta(days=int(value))
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise _Unusable("unparsable", f"Date {value!r}") from None
    raise _Unusable("missing_required", "Date is empty")


def cell_seconds(value: object, column: str) -> int:
    """A duration cell: a time of day (hh:mm:ss), a day fraction, or text hh:mm:ss."""
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 86400) if value < 1 else int(value)
    if isinstance(value, str) and value.count(":") == 2:
        hours, minutes, seconds = (int(p) for p in value.split(":"))
        return hours * 3600 + minutes * 60 + seconds
    raise _Unusable("missing_required" if value is None else "unparsable", f"{column} {value!r}")


def _call(record: dict, origin: str) -> tuple[dict, dict | None]:
    for column in ("Call Id", "Agent", "Time", "Answered (Y/N)"):
        if record[column] in (None, ""):
            raise _Unusable("missing_required", f"{column} is empty")
    offered = datetime.combine(cell_date(record["Date"]), time(0)) + timedelta(
        seconds=cell_seconds(record["Time"], "Time")
    )
    call = {
        "call_id": record["Call Id"], "agent_id": record["Agent"], "queue": record["Topic"],
        "direction": "inbound", "offered_at": offered, "source_ref": origin,
    }  # fmt: skip
    answered = record["Answered (Y/N)"]
    if answered == "N":
        return {**call, "ended_at": offered, "disposition": "missed"}, None
    if answered != "Y":
        raise _Unusable("unknown_enum", f"Answered (Y/N) {answered!r}")
    speed = record["Speed of answer in seconds"]
    if not isinstance(speed, int | float):
        raise _Unusable("missing_required", f"Speed of answer {speed!r}")
    answered_at = offered + timedelta(seconds=speed)
    talk = cell_seconds(record["AvgTalkDuration"], "AvgTalkDuration")
    ended = answered_at + timedelta(seconds=talk)
    call |= {"answered_at": answered_at, "ended_at": ended, "talk_seconds": talk,
             "hold_seconds": 0, "acw_seconds": 0, "disposition": "answered"}  # fmt: skip
    rating = record["Satisfaction rating"]
    survey = None
    if rating not in (None, ""):
        survey = {"survey_id": f"{record['Call Id']}-csat", "call_id": record["Call Id"],
                  "agent_id": record["Agent"], "responded_at": ended, "rating": rating,
                  "source_ref": origin}  # fmt: skip
    return call, survey


def convert(inputs: list[Path], out: Path) -> ImportResult:
    result = ImportResult()
    roster = Roster(TEAM)
    for path in inputs:
        export = path.name
        calls, surveys = [], []
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds for a non-workbook
            raise ImportFormatError(f"{path}: not an .xlsx workbook ({error})") from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = tuple(next(rows, ()))[: len(HEADER)]
        if header != HEADER:
            raise ImportFormatError(f"{path}: header {header!r}, expected {HEADER!r}")
        for line, values in enumerate(rows, start=2):
            if all(v in (None, "") for v in values):
                continue  # Excel keeps formatted empty rows; they are not records
            result.input_rows[export] += 1
            origin = f"{export}:{line}"
            try:
                call, survey = _call(dict(zip(HEADER, values, strict=False)), origin)
            except _Unusable as error:
                result.unusable.append(Unusable(export, line, error.reason, str(error)))
                continue
            calls.append(call)
            if survey:
                surveys.append(survey)
            roster.see(call["agent_id"], call["offered_at"], origin)
        workbook.close()
        write_source(out, "calls", output_name("pwc", path), calls, result, export)
        result.consumed[export, "calls"] += len(calls)
        # A rating is a second output of the same row, not another input row.
        write_source(out, "surveys", output_name("pwc", path), surveys, result, export)
    roster.write(out, "pwc_agents.csv", result, name=str)
    return result
