"""SQL that parses a file's text columns into typed values and lists contract violations.

Everything here builds SQL strings from the contract; DuckDB evaluates them over the whole
file at once, so validation costs no per-row Python. Each violation is a struct
(reason, field, message); a row with none is valid. Reason codes:

missing_required, unparsable, unknown_enum, negative_duration, out_of_range,
unknown_agent, unknown_indicator, computed_indicator, unknown_entity,
ended_before_started, future_timestamp, binary_data (and malformed_row, from the CSV
reader itself).

A value is never changed to make it fit: text that is not exactly one of the accepted
forms of its kind is unparsable (`3.5` in a whole-number column, `12.345` as an amount,
`CST` after a time), rather than rounded or guessed by a cast.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from scorecard import contract
from scorecard.contract import Column, Source
from scorecard.loading.timestamps import (
    EXPECTED_DATE,
    EXPECTED_MONTH,
    EXPECTED_TIMESTAMP,
    AsOfLimit,
    date_sql,
    month_sql,
    timestamp_sql,
)
from scorecard.sql_text import sql_literal

_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")
_EXPECTED = {
    contract.TIMESTAMP: EXPECTED_TIMESTAMP,
    contract.DATE: EXPECTED_DATE,
    contract.MONTH: EXPECTED_MONTH,
    contract.INTEGER: "a whole number",
    contract.NUMBER: "a number",
    contract.MONEY: "an amount with at most 2 decimals",
    contract.BOOLEAN: "true or false",
}
# Number forms: digits with an optional sign, no thousands separators. A whole number may
# end in `.0` (the value is the same), an amount in zeros after its 2 decimals; only a
# plain number (a score, an indicator value) may have an exponent.
WHOLE_NUMBER = "[+-]?[0-9]+"
WHOLE_NUMBER_WITH_ZERO_FRACTION = "[+-]?[0-9]+\\.0+"
DECIMAL_NUMBER = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?"
AMOUNT = "[+-]?([0-9]+(\\.[0-9]{0,2}0*)?|\\.[0-9]{1,2}0*)"


# The catalog model that passes supplied values through (int_indicators__external_inputs):
# a code it names is one a center supplies in indicator_inputs/.
EXTERNAL_INPUTS_MODEL = "int_indicators__external_inputs"
# Who an indicator_inputs row can be about, per grain of its code (SPEC §5 grains).
ENTITIES_BY_GRAIN = {
    "agent": ("an agent_id on the roster", "select agent_id from raw.agents"),
    "evaluator": ("an agent_id on the roster", "select agent_id from raw.agents"),
    "team": ("a team_id on the roster", "select team_id from raw.agents"),
    "queue": ("a queue of the loaded calls", "select queue from raw.calls"),
    "center": ("center", "select 'center'"),
}


@dataclass(frozen=True)
class IndicatorCatalog:
    """The indicator codes a center may supply in indicator_inputs/, with their grain, and
    those the warehouse computes itself (a supplied value for one of them would be lost)."""

    supplied: dict[str, str] = field(default_factory=dict)  # code -> grain
    computed: dict[str, str] = field(default_factory=dict)  # code -> model

    @classmethod
    def read(cls, path: Path) -> IndicatorCatalog:
        """From the catalog seed (dbt/seeds/indicator_catalog.csv)."""
        supplied, computed = {}, {}
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code, model = row["code"].strip(), row["model"].strip()
                if model == EXTERNAL_INPUTS_MODEL:
                    supplied[code] = row["grain"].strip()
                else:
                    computed[code] = model
        return cls(supplied, computed)


@dataclass(frozen=True)
class RowRules:
    """What a row is checked against besides its own text.

    known_agents_sql: a query of the agent ids on the roster ("unknown agent");
    as_of_limit: the latest date a row may carry in this run ("future_timestamp");
    has_nul_bytes: the file holds NUL bytes, so every field is checked for them;
    indicator_catalog: the codes indicator_inputs/ may carry ("unknown indicator").
    """

    known_agents_sql: str
    as_of_limit: AsOfLimit | None = None
    has_nul_bytes: bool = False
    indicator_catalog: IndicatorCatalog | None = None


def text_of(column: str) -> str:
    """The column's text in the checked rows: trimmed once, NULL when empty."""
    return f'"{column}"'


def parse_expression(column: Column, customer_salt: str) -> str:
    """SQL turning the column's text into its stored typed value (NULL if unparsable).

    Dates and times are read by timestamps.py (the accepted forms, in one place), which
    relies on the session's TimeZone being the center's zone (the loader sets it).
    """
    text = text_of(column.name)
    kind = column.kind
    if column.personal:
        return (
            f"case when {text} is not null then sha256({sql_literal(customer_salt)} || {text}) end"
        )
    if kind == contract.ENUM:
        return f"lower({text})"
    if kind == contract.TIMESTAMP:
        return timestamp_sql(text)
    if kind == contract.DATE:
        return date_sql(text)
    if kind == contract.MONTH:
        return month_sql(text)
    if kind == contract.INTEGER:
        # try_cast('3.5' as bigint) is 4: the form is checked first, the cast cannot round.
        return (
            f"case when regexp_full_match({text}, {sql_literal(WHOLE_NUMBER)}) "
            f"then try_cast({text} as bigint) "
            f"when regexp_full_match({text}, {sql_literal(WHOLE_NUMBER_WITH_ZERO_FRACTION)}) "
            f"then try_cast(split_part({text}, '.', 1) as bigint) end"
        )
    if kind == contract.NUMBER:
        # 'nan' and 'inf' cast to doubles; neither is a measurement.
        return (
            f"case when regexp_full_match({text}, {sql_literal(DECIMAL_NUMBER)}) "
            f"then try_cast({text} as double) end"
        )
    if kind == contract.MONEY:
        # try_cast('12.345' as decimal(18, 2)) is 12.35: only exact amounts are read.
        return (
            f"case when regexp_full_match({text}, {sql_literal(AMOUNT)}) "
            f"then try_cast({text} as decimal(18, 2)) end"
        )
    if kind == contract.BOOLEAN:
        true_values = ", ".join(map(sql_literal, _TRUE))
        false_values = ", ".join(map(sql_literal, _FALSE))
        return (
            f"case when lower({text}) in ({true_values}) then true "
            f"when lower({text}) in ({false_values}) then false end"
        )
    return text


@dataclass(frozen=True)
class Check:
    """One contract rule: rows where `condition` holds are quarantined for `reason`."""

    condition: str
    reason: str
    field: str
    message: str  # SQL expression building a readable message

    def as_struct(self) -> str:
        return (
            f"case when {self.condition} then "
            f"{{'reason': {sql_literal(self.reason)}, 'field': {sql_literal(self.field)}, "
            f"'message': {self.message}}} end"
        )


def _quoted_text(column: str) -> str:
    return f"'''' || {text_of(column)} || ''''"


def column_checks(column: Column, rules: RowRules) -> list[Check]:
    """The rules of one column, in the order they are reported."""
    name = column.name
    text = text_of(name)
    parsed = f'"{name}__parsed"'
    checks: list[Check] = []
    if rules.has_nul_bytes:
        # DuckDB's reader keeps a NUL byte inside the value: a corrupted row, not text.
        checks.append(
            Check(
                f"contains({text}, chr(0))",
                "binary_data",
                name,
                f"'{name} contains a NUL byte (binary data, not text)'",
            )
        )
    if column.required:
        checks.append(
            Check(f"{text} is null", "missing_required", name, f"'{name} is required but empty'")
        )
    if column.required_unless is not None:
        other, exempt = column.required_unless
        exempt_values = ", ".join(map(sql_literal, exempt))
        checks.append(
            Check(
                f"{text} is null "
                f"and coalesce(lower({text_of(other)}), '') not in ({exempt_values})",
                "missing_required",
                name,
                f"'{name} is required unless {other} is {' or '.join(exempt)}'",
            )
        )
    if column.kind in _EXPECTED and not column.personal:
        checks.append(
            Check(
                f"{text} is not null and {parsed} is null",
                "unparsable",
                name,
                f"'cannot read ' || {_quoted_text(name)} "
                f"|| ' in {name} as {_EXPECTED[column.kind]}'",
            )
        )
    if column.kind == contract.ENUM:
        allowed = ", ".join(map(sql_literal, column.values))
        checks.append(
            Check(
                f"{parsed} not in ({allowed})",
                "unknown_enum",
                name,
                f"{_quoted_text(name)} "
                f"|| ' is not a known {name} (expected {', '.join(column.values)})'",
            )
        )
    if column.minimum is not None:
        is_duration = name.endswith("_seconds")
        checks.append(
            Check(
                f"{parsed} < {column.minimum}",
                "negative_duration" if is_duration else "out_of_range",
                name,
                f"'{name} ' || {text} || ' is below {column.minimum:g}'",
            )
        )
    if column.maximum is not None:
        checks.append(
            Check(
                f"{parsed} > {column.maximum}",
                "out_of_range",
                name,
                f"'{name} ' || {text} || ' is above {column.maximum:g}'",
            )
        )
    if column.indicator_ref and rules.indicator_catalog is not None:
        checks += indicator_checks(name, rules.indicator_catalog)
    if column.entity_of and rules.indicator_catalog is not None:
        entity = entity_check(name, column.entity_of, rules.indicator_catalog)
        if entity is not None:
            checks.append(entity)
    if column.agent_ref:
        checks.append(
            Check(
                f"{text} is not null and {text} not in ({rules.known_agents_sql})",
                "unknown_agent",
                name,
                f"'{name} ' || {_quoted_text(name)} || ' is not on the agent roster'",
            )
        )
    return checks


def _in_list(text: str, values) -> str:
    return f"{text} in ({', '.join(map(sql_literal, sorted(values)))})"


def indicator_checks(name: str, catalog: IndicatorCatalog) -> list[Check]:
    """A code the catalog does not know, or one the warehouse computes itself.

    Either would fail `dbt build` (assert_indicator_inputs_codes_in_catalog) or vanish
    from the facts, and once in the raw table it would stay there: quarantined at load
    instead, so the rest of the night publishes and a corrected file replaces it.
    """
    text = text_of(name)
    computed_model = (
        "case "
        + " ".join(
            f"when {text} = {sql_literal(code)} then {sql_literal(model)}"
            for code, model in sorted(catalog.computed.items())
        )
        + " end"
    )
    return [
        Check(
            f"{text} is not null and not {_in_list(text, [*catalog.supplied, *catalog.computed])}",
            "unknown_indicator",
            name,
            f"'{name} ' || {_quoted_text(name)} || ' is not an indicator code of the catalog "
            "(dbt/seeds/indicator_catalog.csv)'",
        ),
        Check(
            _in_list(text, catalog.computed) if catalog.computed else "false",
            "computed_indicator",
            name,
            f"'{name} ' || {_quoted_text(name)} || ' is computed by the warehouse (' "
            f"|| {computed_model} "
            "|| '), not supplied: only codes of model "
            f"{EXTERNAL_INPUTS_MODEL} are read from indicator_inputs'",
        ),
    ]


def entity_check(name: str, code_column: str, catalog: IndicatorCatalog) -> Check | None:
    """The entity a supplied value is about must exist at its code's grain."""
    text, code = text_of(name), text_of(code_column)
    by_grain: dict[str, list[str]] = {}
    for indicator, grain in catalog.supplied.items():
        by_grain.setdefault(grain, []).append(indicator)
    known = [g for g in by_grain if g in ENTITIES_BY_GRAIN]
    if not known:
        return None
    unknown = " or ".join(
        f"({_in_list(code, by_grain[g])} and {text} not in ({ENTITIES_BY_GRAIN[g][1]}))"
        for g in known
    )
    expected = (
        "case "
        + " ".join(
            f"when {_in_list(code, by_grain[g])} then "
            f"{sql_literal(ENTITIES_BY_GRAIN[g][0] + ', as ')} || {code} || "
            f"{sql_literal(f' ({g} grain) needs')}"
            for g in known
        )
        + " end"
    )
    unknown_grains = sorted(set(by_grain) - set(known))
    if unknown_grains:  # a catalog grain this check does not know: said, not passed quietly
        unknown += f" or {_in_list(code, [c for g in unknown_grains for c in by_grain[g]])}"
    return Check(
        f"{text} is not null and ({unknown})",
        "unknown_entity",
        name,
        f"'{name} ' || {_quoted_text(name)} || ' is not ' || coalesce({expected}, "
        f"'an entity of a grain the loader knows')",
    )


def future_check(source: Source, limit: AsOfLimit) -> Check:
    """The row's date (SPEC §4: what places it in a month) lies after the run's as-of day."""
    name = source.dated_by
    return Check(
        limit.is_future_sql(f'"{name}__parsed"', source.column(name).kind),
        "future_timestamp",
        name,
        f"'{name} ' || {_quoted_text(name)} || {sql_literal(' is ' + limit.describe())}",
    )


def source_checks(source: Source, rules: RowRules) -> list[Check]:
    """Every rule of a source: its columns' rules, the as-of day, "ended before started"."""
    checks = [check for c in source.columns for check in column_checks(c, rules)]
    if source.dated_by and rules.as_of_limit is not None:
        checks.append(future_check(source, rules.as_of_limit))
    checks += [
        Check(
            f'"{end}__parsed" < "{start}__parsed"',
            "ended_before_started",
            end,
            f"'{end} ' || {text_of(end)} || ' is before {start} ' || {text_of(start)}",
        )
        for start, end in source.ordered
    ]
    return checks


def checked_rows_sql(source: Source, incoming: str, customer_salt: str, rules: RowRules) -> str:
    """Every incoming row with its parsed columns, its row hash and a `_bad` flag.

    The flag is a plain boolean expression so that valid rows, nearly all of them, cost
    no more than parsing; `problems_sql` spells out what is wrong with the bad ones.
    """
    texts = ", ".join(f'nullif(trim("{c.name}"), \'\') as "{c.name}"' for c in source.columns)
    parsed = ",\n    ".join(
        f'{parse_expression(c, customer_salt)} as "{c.name}__parsed"' for c in source.columns
    )
    bad = " or ".join(
        f"coalesce({check.condition}, false)" for check in source_checks(source, rules)
    )
    return (
        f"with texts as (select _line, {texts} from {incoming}),\n"
        f"parsed as (\n  select *,\n    {parsed}\n  from texts\n)\n"
        f"select *, {bad} as _bad, {row_hash_expression(source)} as _row_hash\nfrom parsed"
    )


def problems_sql(source: Source, rules: RowRules) -> str:
    """List of (reason, field, message) structs of a row; empty when the row is valid."""
    structs = ",\n        ".join(c.as_struct() for c in source_checks(source, rules))
    return f"list_filter([\n        {structs}\n    ], lambda p: p is not null)"


def row_hash_expression(source: Source) -> str:
    """128-bit md5 of the typed values: a re-sent identical row hashes the same.

    A number rather than hex text, because every load anti-joins on it.
    """
    parts = ", ".join(
        f"coalesce(cast(\"{c.name}__parsed\" as varchar), '\\N')" for c in source.columns
    )
    return f"md5_number(concat_ws(chr(31), {parts}))"
