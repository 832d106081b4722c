"""Invalid rows injected on purpose, so the loader's quarantine can be shown and tested.

Every injected row is a copy of a real row with a fresh key and exactly one defect, of
one of the kinds below (the loader's reason codes). The writer records the physical line
each lands on, and `_generated.json` lists (file, line, kind) for the tests that check
the loader quarantines exactly these rows and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from scorecard.generate.writer import Insertion, Table, csv_line, format_id

KINDS = (
    "missing_required",
    "unparsable",
    "unknown_enum",
    "negative_duration",
    "ended_before_started",
    "out_of_range",
    "unknown_agent",
    "malformed_row",
)

Row = dict[str, str]


@dataclass(frozen=True)
class Variant:
    source: str
    accepts: Callable[[Row], bool]  # is this real row a suitable base?
    defect: Callable[[Row, str], list[str]]  # (row with a fresh key, unknown agent id)


def _any(row: Row) -> bool:
    return True


def _answered_inbound(row: Row) -> bool:
    return row["disposition"] == "answered" and row["direction"] == "inbound"


def _original_evaluation(row: Row) -> bool:
    return row["calibrates_evaluation_id"] == ""


def _resolved(row: Row) -> bool:
    return row["resolved_at"] != ""


def _set(column: str, value: str) -> Callable[[Row, str], list[str]]:
    def apply(row: Row, unknown: str) -> list[str]:
        row[column] = value
        return list(row.values())

    return apply


def _unknown_agent(row: Row, unknown: str) -> list[str]:
    row["agent_id"] = unknown
    return list(row.values())


def _extra_field(row: Row, unknown: str) -> list[str]:
    return [*row.values(), "extra"]


def _missing_field(row: Row, unknown: str) -> list[str]:
    return list(row.values())[:-1]


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text.removesuffix("+08:00"))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.removesuffix("Z"))


def _state_ends_before_start(row: Row, unknown: str) -> list[str]:
    row["ended_at"] = (_utc(row["started_at"]) - timedelta(minutes=5)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return list(row.values())


def _resolved_before_received(row: Row, unknown: str) -> list[str]:
    row["resolved_at"] = (_local(row["received_at"]) - timedelta(hours=2)).isoformat()
    return list(row.values())


VARIANTS: dict[str, tuple[Variant, ...]] = {
    "missing_required": (
        Variant("calls", _answered_inbound, _set("offered_at", "")),
        Variant("surveys", _any, _set("responded_at", "")),
        Variant("sales", _any, _set("ordered_at", "")),
        Variant("qa_evaluations", _original_evaluation, _set("evaluated_at", "")),
    ),
    "unparsable": (
        Variant("calls", _answered_inbound, _set("offered_at", "31/13/2026 25:00")),
        Variant("calls", _answered_inbound, _set("talk_seconds", "abc")),
        Variant("surveys", _any, _set("rating", "five")),
        Variant("sales", _any, _set("amount", "abc")),
    ),
    "unknown_enum": (
        Variant("calls", _answered_inbound, _set("disposition", "hung_up")),
        Variant("agent_states", _any, _set("state", "lunch_break")),
        Variant("sales", _any, _set("status", "refunded")),
        Variant("return_requests", _any, _set("outcome", "lost")),
    ),
    "negative_duration": (
        Variant("calls", _answered_inbound, _set("talk_seconds", "-5")),
        Variant("calls", _answered_inbound, _set("hold_seconds", "-30")),
        Variant("calls", _answered_inbound, _set("acw_seconds", "-12")),
    ),
    "ended_before_started": (
        Variant("agent_states", _any, _state_ends_before_start),
        Variant("complaints", _resolved, _resolved_before_received),
    ),
    "out_of_range": (
        Variant("qa_evaluations", _original_evaluation, _set("score", "130")),
        Variant("surveys", _any, _set("rating", "7")),
        Variant("surveys", _any, _set("rating", "0")),
    ),
    "unknown_agent": (
        Variant("calls", _answered_inbound, _unknown_agent),
        Variant("agent_states", _any, _unknown_agent),
        Variant("surveys", _any, _unknown_agent),
        Variant("sales", _any, _unknown_agent),
    ),
    "malformed_row": (
        Variant("calls", _answered_inbound, _extra_field),
        Variant("surveys", _any, _missing_field),
        Variant("sales", _any, _extra_field),
        Variant("agent_states", _any, _missing_field),
    ),
}
# Sources keyed by a running id: a bad row takes the next unused number.
ID_KEYS = {
    "calls": "call_id",
    "qa_evaluations": "evaluation_id",
    "sales": "order_id",
    "return_requests": "request_id",
    "surveys": "survey_id",
    "complaints": "complaint_id",
}


class _Injector:
    def __init__(self, rng: np.random.Generator, tables: dict[str, Table], unknown_agent: str):
        self.rng = rng
        self.tables = tables
        self.unknown_agent = unknown_agent
        self.next_number = {name: len(tables[name]) + 1 for name in ID_KEYS}
        self.state_keys: set[tuple[str, str]] = set()  # membership only
        self.plan: dict[tuple[str, int], list[Insertion]] = {}

    def _fresh_key(self, source: str, row: Row) -> bool:
        if source in ID_KEYS:
            row[ID_KEYS[source]] = format_id(source, self.next_number[source])
            return True
        # agent_states is keyed by (agent_id, started_at): start a few seconds into a
        # real interval, where no other interval of that agent can start.
        started, ended = _utc(row["started_at"]), _utc(row["ended_at"])
        length = int((ended - started).total_seconds())
        if length < 3:
            return False
        shifted = started + timedelta(seconds=int(self.rng.integers(1, length)))
        row["started_at"] = shifted.strftime("%Y-%m-%dT%H:%M:%SZ")
        return True

    def inject(self, kind: str, variant: Variant) -> bool:
        table = self.tables[variant.source]
        months = np.unique(table.month)  # months whose file has rows to copy from
        if not months.size:
            return False
        month = int(months[self.rng.integers(months.size)])
        lo, hi = table.month_slice(month)
        for _ in range(200):
            row = dict(
                zip(
                    table.source.column_names,
                    table.row(int(self.rng.integers(lo, hi))),
                    strict=True,
                )
            )
            if not variant.accepts(row) or not self._fresh_key(variant.source, row):
                continue
            fields = variant.defect(row, self.unknown_agent)
            if variant.source == "agent_states":
                key = (row["agent_id"], row["started_at"])
                if key in self.state_keys:
                    continue
                self.state_keys.add(key)
            else:
                self.next_number[variant.source] += 1
            position = int(self.rng.integers(0, hi - lo + 1))
            insertion = Insertion(position=position, line=csv_line(fields), kind=kind)
            self.plan.setdefault((variant.source, month), []).append(insertion)
            return True
        return False


def plan_bad_rows(
    rng: np.random.Generator, tables: dict[str, Table], unknown_agent: str, per_kind: int
) -> dict[tuple[str, int], list[Insertion]]:
    """`per_kind` bad rows of every kind, keyed by (source, month index) of the file.

    The n-th row of a kind uses the kind's n-th variant (cycling), so a few bad rows
    already spread over several sources; a variant with no suitable base row falls back
    to the next one.
    """
    injector = _Injector(rng, tables, unknown_agent)
    for kind in KINDS:
        variants = VARIANTS[kind]
        for i in range(per_kind):
            if not any(
                injector.inject(kind, variants[(i + k) % len(variants)])
                for k in range(len(variants))
            ):
                raise RuntimeError(f"no base row to inject a {kind!r} row into")
    return injector.plan
