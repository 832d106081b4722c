"""SQL that parses a file's text columns into typed values and lists contract violations.

Everything here builds SQL strings from the contract; DuckDB evaluates them over the whole
file at once, so validation costs no per-row Python. Each violation is a struct
(reason, field, message); a row with none is valid. Reason codes:

missing_required, unparsable, unknown_enum, negative_duration, out_of_range,
unknown_agent, ended_before_started, future_timestamp, binary_data (and malformed_row,
from the CSV reader itself).

A value is never changed to make it fit: text that is not exactly one of the accepted
forms of its kind is unparsable (`3.5` in a whole-number column, `12.345` as an amount,
`CST` after a time), rather than rounded or guessed by a cast.
"""

from __future__ import annotations

from dataclasses import dataclass

from dagster_project import contract
from dagster_project.contract import Column, Source
from dagster_project.loading.timestamps import (
    EXPECTED_DATE,
    EXPECTED_MONTH,
    EXPECTED_TIMESTAMP,
    AsOfLimit,
    date_sql,
    month_sql,
    timestamp_sql,
)

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


@dataclass(frozen=True)
class RowRules:
    """What a row is checked against besides its own text.

    known_agents_sql: a query of the agent ids on the roster ("unknown agent");
    as_of_limit: the latest date a row may carry in this run ("future_timestamp");
    has_nul_bytes: the file holds NUL bytes, so every field is checked for them.
    """

    known_agents_sql: str
    as_of_limit: AsOfLimit | None = None
    has_nul_bytes: bool = False


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


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
