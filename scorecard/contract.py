"""The input contract of SPEC §2 as data.

One `Source` per input folder. The loader builds its parsing and validation SQL from
these definitions and the generator writes its CSV headers from them, so a column is
declared exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds the loader knows how to parse (see loading/validation.py).
TEXT = "text"
TIMESTAMP = "timestamp"  # ISO 8601; absolute with an offset, else center-local
DATE = "date"  # ISO date
MONTH = "month"  # YYYY-MM, stored as the first day of the month
INTEGER = "integer"
NUMBER = "number"  # double precision
MONEY = "money"  # decimal(18, 2), CNY
BOOLEAN = "boolean"
ENUM = "enum"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values for ENUM
    minimum: float | None = None
    maximum: float | None = None
    agent_ref: bool = False  # must name an agent of agents/ ("unknown agent")
    personal: bool = False  # customer identifier: stored only as a salted hash
    required_unless: tuple[str, tuple[str, ...]] | None = None  # (column, values)
    # An indicator code that must be one the indicator catalog lets a center supply
    # ("unknown indicator"), and the entity such a code is about, which must exist at the
    # code's grain ("unknown entity": an agent, a team of the roster, the center).
    indicator_ref: bool = False
    entity_of: str | None = None  # the column holding the indicator code

    @property
    def stored_name(self) -> str:
        """Name in the raw table: personal identifiers become `<name>_hash`."""
        return f"{self.name.removesuffix('_id')}_hash" if self.personal else self.name


@dataclass(frozen=True)
class Source:
    name: str  # input folder and raw table name
    entity: str  # staging entity: stg_<name>__<entity>
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key: same key, other content = a correction
    # (start, end) pairs where end must not precede start: "ended before started"
    ordered: tuple[tuple[str, str], ...] = field(default=())
    # The column that dates a row (the month it counts in, SPEC §4): a row dated after the
    # run's as-of day is quarantined. None for the roster, whose rows may announce a change.
    dated_by: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# Optional on sources an importer writes: where the row came from in the vendor's export
# (`january.txt:1234`), so that `scorecard explain` reaches the original line.
ORIGIN = Column("source_ref")

ROLES = ("agent", "telesales", "qa_inspector", "team_lead")
DIRECTIONS = ("inbound", "outbound")
DISPOSITIONS = ("answered", "missed", "abandoned", "transferred")
STATES = ("available", "on_contact", "after_call_work", "not_ready")
ATTENDANCE_STATUSES = ("present", "absent", "leave", "rest")
ORDER_STATUSES = ("placed", "paid", "cancelled")
RETURN_OUTCOMES = ("prevented", "returned", "pending")
RATER_TYPES = ("supervisor", "self", "peer")
ADJUSTMENT_KINDS = (
    "praise_customer",
    "praise_department",
    "praise_company",
    "praise_media",
    "violation",
    "work_error",
    "service_error",
)

SOURCES: tuple[Source, ...] = (
    Source(
        name="agents",
        entity="agents",
        grain="agent as of a date",
        key=("agent_id", "valid_from"),
        columns=(
            Column("agent_id", required=True),
            Column("name", required=True),
            Column("team_id", required=True),
            Column("role", ENUM, required=True, values=ROLES),
            Column("site"),
            Column("hire_date", DATE),
            Column("leave_date", DATE),
            Column("valid_from", DATE, required=True),
            ORIGIN,
        ),
        ordered=(("hire_date", "leave_date"),),
    ),
    Source(
        name="calls",
        dated_by="offered_at",
        entity="calls",
        grain="one call leg handled or missed by an agent, or abandoned in queue",
        key=("call_id",),
        columns=(
            Column("call_id", required=True),
            Column(
                "agent_id",
                agent_ref=True,
                required_unless=("disposition", ("abandoned",)),
            ),
            Column("queue"),
            Column("direction", ENUM, required=True, values=DIRECTIONS),
            Column("customer_id", personal=True),
            Column("offered_at", TIMESTAMP, required=True),
            Column("answered_at", TIMESTAMP),
            Column("ended_at", TIMESTAMP, required=True),
            Column("talk_seconds", INTEGER, minimum=0),
            Column("hold_seconds", INTEGER, minimum=0),
            Column("acw_seconds", INTEGER, minimum=0),
            Column("disposition", ENUM, required=True, values=DISPOSITIONS),
            ORIGIN,
        ),
        ordered=(
            ("offered_at", "ended_at"),
            ("offered_at", "answered_at"),
            ("answered_at", "ended_at"),
        ),
    ),
    Source(
        name="agent_states",
        dated_by="started_at",
        entity="state_intervals",
        grain="interval of an agent state",
        key=("agent_id", "started_at"),
        columns=(
            Column("agent_id", required=True, agent_ref=True),
            Column("state", ENUM, required=True, values=STATES),
            Column("reason"),
            Column("started_at", TIMESTAMP, required=True),
            Column("ended_at", TIMESTAMP, required=True),
            ORIGIN,
        ),
        ordered=(("started_at", "ended_at"),),
    ),
    Source(
        name="qa_evaluations",
        dated_by="evaluated_at",
        entity="evaluations",
        grain="one QA evaluation of one contact",
        key=("evaluation_id",),
        columns=(
            Column("evaluation_id", required=True),
            Column("call_id"),
            Column("agent_id", required=True, agent_ref=True),
            Column("evaluator_id", required=True, agent_ref=True),
            Column("evaluated_at", TIMESTAMP, required=True),
            Column("score", NUMBER, required=True, minimum=0, maximum=100),
            Column("fatal_error", BOOLEAN),
            Column("calibrates_evaluation_id"),
        ),
    ),
    Source(
        name="attendance",
        dated_by="work_date",
        entity="shifts",
        grain="one scheduled shift",
        key=("agent_id", "work_date"),
        columns=(
            Column("agent_id", required=True, agent_ref=True),
            Column("work_date", DATE, required=True),
            Column("shift_start", TIMESTAMP),
            Column("shift_end", TIMESTAMP),
            Column("clock_in", TIMESTAMP),
            Column("clock_out", TIMESTAMP),
            Column("status", ENUM, required=True, values=ATTENDANCE_STATUSES),
            ORIGIN,
        ),
        ordered=(("shift_start", "shift_end"), ("clock_in", "clock_out")),
    ),
    Source(
        name="sales",
        dated_by="ordered_at",
        entity="orders",
        grain="one order",
        key=("order_id",),
        columns=(
            Column("order_id", required=True),
            Column("agent_id", required=True, agent_ref=True),
            Column("customer_id", personal=True),
            Column("call_id"),
            Column("ordered_at", TIMESTAMP, required=True),
            Column("amount", MONEY, required=True, minimum=0),
            Column("status", ENUM, required=True, values=ORDER_STATUSES),
        ),
    ),
    Source(
        name="return_requests",
        dated_by="requested_at",
        entity="return_requests",
        grain="a customer's request to return an order",
        key=("request_id",),
        columns=(
            Column("request_id", required=True),
            Column("order_id"),
            Column("agent_id", required=True, agent_ref=True),
            Column("requested_at", TIMESTAMP, required=True),
            Column("outcome", ENUM, required=True, values=RETURN_OUTCOMES),
        ),
    ),
    Source(
        name="surveys",
        dated_by="responded_at",
        entity="responses",
        grain="post-contact satisfaction answer",
        key=("survey_id",),
        columns=(
            Column("survey_id", required=True),
            Column("call_id"),
            Column("agent_id", required=True, agent_ref=True),
            Column("responded_at", TIMESTAMP, required=True),
            Column("rating", INTEGER, required=True, minimum=1, maximum=5),
            ORIGIN,
        ),
    ),
    Source(
        name="complaints",
        dated_by="received_at",
        entity="complaints",
        grain="a customer complaint",
        key=("complaint_id",),
        columns=(
            Column("complaint_id", required=True),
            Column("subject_agent_id", agent_ref=True),
            Column("handler_agent_id", agent_ref=True),
            Column("received_at", TIMESTAMP, required=True),
            Column("resolved_at", TIMESTAMP),
            Column("valid", BOOLEAN, required=True),
            Column("escalated", BOOLEAN),
            Column("repeat", BOOLEAN),
        ),
        ordered=(("received_at", "resolved_at"),),
    ),
    Source(
        name="exams",
        dated_by="taken_at",
        entity="attempts",
        grain="one attempt at a monthly business exam",
        key=("agent_id", "exam_id", "attempt"),
        columns=(
            Column("agent_id", required=True, agent_ref=True),
            Column("exam_id", required=True),
            Column("taken_at", TIMESTAMP, required=True),
            Column("attempt", INTEGER, required=True, minimum=1),
            Column("score", NUMBER, required=True, minimum=0, maximum=100),
        ),
    ),
    Source(
        name="ratings",
        dated_by="month",
        entity="ratings",
        grain="a 360° competency rating",
        key=("agent_id", "month", "rater_type", "rater_id", "competency"),
        columns=(
            Column("agent_id", required=True, agent_ref=True),
            Column("month", MONTH, required=True),
            Column("rater_type", ENUM, required=True, values=RATER_TYPES),
            Column("rater_id"),
            Column("competency", required=True),
            Column("score", NUMBER, required=True, minimum=0, maximum=100),
        ),
    ),
    Source(
        name="adjustments",
        dated_by="occurred_at",
        entity="events",
        grain="an approved bonus or deduction event",
        key=("adjustment_id",),
        columns=(
            Column("adjustment_id", required=True),
            Column("agent_id", required=True, agent_ref=True),
            Column("occurred_at", TIMESTAMP, required=True),
            Column("kind", ENUM, required=True, values=ADJUSTMENT_KINDS),
            Column("points", NUMBER),
            Column("amount", MONEY),
            Column("approved_by"),
            Column("note"),
        ),
    ),
    Source(
        name="indicator_inputs",
        dated_by="month",
        entity="values",
        grain="a value from a system the warehouse does not ingest",
        key=("entity_id", "month", "indicator_code"),
        columns=(
            Column("entity_id", required=True, entity_of="indicator_code"),
            Column("month", MONTH, required=True),
            Column("indicator_code", required=True, indicator_ref=True),
            Column("value", NUMBER, required=True),
            Column("evidence"),
        ),
    ),
)

SOURCES_BY_NAME: dict[str, Source] = {s.name: s for s in SOURCES}

# Lineage columns every raw row carries (SPEC §3), in table order.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_row_key", "varchar"),  # <file hash prefix>:<line>, stable across reloads
    ("_source_file", "varchar"),  # path relative to the input directory
    ("_line_number", "bigint"),  # physical line in that file (header = line 1)
    ("_file_hash", "varchar"),  # sha256 of the file's bytes
    ("_batch_id", "varchar"),
    ("_load_id", "bigint"),  # increases with every file loaded: the latest wins
    ("_loaded_at", "timestamp"),
    ("_row_hash", "uhugeint"),  # md5 of the typed content: identical re-sends
)
