"""SQL that parses a file's text columns into typed values and lists contract violations.

Everything here builds SQL strings from the contract; DuckDB evaluates them over the whole
file at once, so validation costs no per-row Python. Each violation is a struct
(reason, field, message); a row with none is valid. Reason codes:

missing_required, unparsable, unknown_enum, negative_duration, out_of_range,
unknown_agent, ended_before_started (and malformed_row, from the CSV reader itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from dagster_project import contract
from dagster_project.contract import Column, Source

_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")
_EXPECTED = {
    contract.TIMESTAMP: "an ISO 8601 timestamp",
    contract.DATE: "an ISO date YYYY-MM-DD",
    contract.MONTH: "a month YYYY-MM",
    contract.INTEGER: "a whole number",
    contract.NUMBER: "a number",
    contract.MONEY: "an amount",
    contract.BOOLEAN: "true or false",
}


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def text_of(column: str) -> str:
    """The column's text in the checked rows: trimmed once, NULL when empty."""
    return f'"{column}"'


def parse_expression(column: Column, customer_salt: str) -> str:
    """SQL turning the column's text into its stored typed value (NULL if unparsable).

    Timestamps rely on the session's TimeZone being the center's zone (the loader sets
    it): DuckDB then reads text with an offset as that instant and text without one as
    the center's wall-clock time, and `timezone('UTC', ...)` gives the stored UTC value.
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
        return f"timezone('UTC', try_cast({text} as timestamptz))"
    if kind == contract.DATE:
        return f"try_cast({text} as date)"
    if kind == contract.MONTH:
        return (
            f"case when regexp_full_match({text}, '\\d{{4}}-\\d{{2}}') "
            f"then try_cast({text} || '-01' as date) end"
        )
    if kind == contract.INTEGER:
        return f"try_cast({text} as bigint)"
    if kind == contract.NUMBER:
        return f"try_cast({text} as double)"
    if kind == contract.MONEY:
        return f"try_cast({text} as decimal(18, 2))"
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


def column_checks(column: Column, known_agents_sql: str) -> list[Check]:
    """The rules of one column, in the order they are reported."""
    name = column.name
    text = text_of(name)
    parsed = f'"{name}__parsed"'
    checks: list[Check] = []
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
                f"{text} is not null and {text} not in ({known_agents_sql})",
                "unknown_agent",
                name,
                f"'{name} ' || {_quoted_text(name)} || ' is not on the agent roster'",
            )
        )
    return checks


def source_checks(source: Source, known_agents_sql: str) -> list[Check]:
    """Every rule of a source: its columns' rules, then "ended before started" pairs."""
    checks = [check for c in source.columns for check in column_checks(c, known_agents_sql)]
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


def checked_rows_sql(
    source: Source, incoming: str, customer_salt: str, known_agents_sql: str
) -> str:
    """Every incoming row with its parsed columns, its row hash and a `_bad` flag.

    The flag is a plain boolean expression so that valid rows, nearly all of them, cost
    no more than parsing; `problems_sql` spells out what is wrong with the bad ones.
    """
    texts = ", ".join(f'nullif(trim("{c.name}"), \'\') as "{c.name}"' for c in source.columns)
    parsed = ",\n    ".join(
        f'{parse_expression(c, customer_salt)} as "{c.name}__parsed"' for c in source.columns
    )
    bad = " or ".join(
        f"coalesce({check.condition}, false)" for check in source_checks(source, known_agents_sql)
    )
    return (
        f"with texts as (select _line, {texts} from {incoming}),\n"
        f"parsed as (\n  select *,\n    {parsed}\n  from texts\n)\n"
        f"select *, {bad} as _bad, {row_hash_expression(source)} as _row_hash\nfrom parsed"
    )


def problems_sql(source: Source, known_agents_sql: str) -> str:
    """List of (reason, field, message) structs of a row; empty when the row is valid."""
    structs = ",\n        ".join(c.as_struct() for c in source_checks(source, known_agents_sql))
    return f"list_filter([\n        {structs}\n    ], lambda p: p is not null)"


def row_hash_expression(source: Source) -> str:
    """128-bit md5 of the typed values: a re-sent identical row hashes the same.

    A number rather than hex text, because every load anti-joins on it.
    """
    parts = ", ".join(
        f"coalesce(cast(\"{c.name}__parsed\" as varchar), '\\N')" for c in source.columns
    )
    return f"md5_number(concat_ws(chr(31), {parts}))"
