"""SQL that parses a file's text columns into typed values and lists contract violations.

Everything here builds SQL strings from the contract; DuckDB evaluates them over the whole
file at once, so validation costs no per-row Python. Each violation is a struct
(reason, field, message); a row with none is valid. Reason codes:

missing_required, unparsable, unknown_enum, negative_duration, out_of_range,
unknown_agent, ended_before_started (and malformed_row, from the CSV reader itself).
"""

from __future__ import annotations

from dagster_project import contract
from dagster_project.contract import Column, Source

# An ISO 8601 time of day followed by an offset: the timestamp is absolute.
_OFFSET_PATTERN = r"\d{2}:\d{2}(:\d{2}(\.\d*)?)?\s*([zZ]|[+-]\d{2}(:?\d{2})?)$"
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
    """The trimmed text of a raw column, NULL when empty."""
    return f"nullif(trim(\"{column}\"), '')"


def parse_expression(column: Column, timezone: str, customer_salt: str) -> str:
    """SQL turning the column's text into its stored typed value (NULL if unparsable)."""
    text = text_of(column.name)
    kind = column.kind
    if column.personal:
        return (
            f"case when {text} is not null then sha256({sql_literal(customer_salt)} || {text}) end"
        )
    if kind == contract.ENUM:
        return f"lower({text})"
    if kind == contract.TIMESTAMP:
        # UTC instants; text without an offset is wall-clock time in the center's zone.
        return (
            f"case when regexp_matches({text}, {sql_literal(_OFFSET_PATTERN)}) "
            f"then timezone('UTC', try_cast({text} as timestamptz)) "
            f"else timezone('UTC', "
            f"timezone({sql_literal(timezone)}, try_cast({text} as timestamp))) end"
        )
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


def _problem(condition: str, reason: str, field: str, message: str) -> str:
    return (
        f"case when {condition} then "
        f"{{'reason': {sql_literal(reason)}, 'field': {sql_literal(field)}, "
        f"'message': {message}}} end"
    )


def _quoted_text(column: str) -> str:
    return f"'''' || {text_of(column)} || ''''"


def column_checks(source: Source, column: Column, known_agents_sql: str) -> list[str]:
    """Violation expressions for one column, in the order they are reported."""
    name = column.name
    text = text_of(name)
    parsed = f'"{name}__parsed"'
    checks: list[str] = []
    if column.required:
        checks.append(
            _problem(f"{text} is null", "missing_required", name, f"'{name} is required but empty'")
        )
    if column.required_unless is not None:
        other, exempt = column.required_unless
        exempt_values = ", ".join(map(sql_literal, exempt))
        checks.append(
            _problem(
                f"{text} is null "
                f"and coalesce(lower({text_of(other)}), '') not in ({exempt_values})",
                "missing_required",
                name,
                f"'{name} is required unless {other} is {' or '.join(exempt)}'",
            )
        )
    if column.kind in _EXPECTED and not column.personal:
        checks.append(
            _problem(
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
            _problem(
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
            _problem(
                f"{parsed} < {column.minimum}",
                "negative_duration" if is_duration else "out_of_range",
                name,
                f"'{name} ' || {text} || ' is below {column.minimum:g}'",
            )
        )
    if column.maximum is not None:
        checks.append(
            _problem(
                f"{parsed} > {column.maximum}",
                "out_of_range",
                name,
                f"'{name} ' || {text} || ' is above {column.maximum:g}'",
            )
        )
    if column.agent_ref:
        checks.append(
            _problem(
                f"{text} is not null and {text} not in ({known_agents_sql})",
                "unknown_agent",
                name,
                f"'{name} ' || {_quoted_text(name)} || ' is not on the agent roster'",
            )
        )
    return checks


def order_checks(source: Source) -> list[str]:
    return [
        _problem(
            f'"{end}__parsed" < "{start}__parsed"',
            "ended_before_started",
            end,
            f"'{end} ' || {text_of(end)} || ' is before {start} ' || {text_of(start)}",
        )
        for start, end in source.ordered
    ]


def checked_rows_sql(
    source: Source, incoming: str, timezone: str, customer_salt: str, known_agents_sql: str
) -> str:
    """Select every incoming row with its parsed columns and its list of violations."""
    parsed = ",\n    ".join(
        f'{parse_expression(c, timezone, customer_salt)} as "{c.name}__parsed"'
        for c in source.columns
    )
    checks = [check for c in source.columns for check in column_checks(source, c, known_agents_sql)]
    checks += order_checks(source)
    problems = (
        "list_filter([\n        " + ",\n        ".join(checks) + "\n    ], lambda p: p is not null)"
    )
    return (
        f"with parsed as (\n  select *,\n    {parsed}\n  from {incoming}\n)\n"
        f"select *, {problems} as _problems\nfrom parsed"
    )


def row_hash_expression(source: Source) -> str:
    """md5 over the typed values: a re-sent identical row hashes the same."""
    parts = ", ".join(
        f"coalesce(cast(\"{c.name}__parsed\" as varchar), '\\N')" for c in source.columns
    )
    return f"md5(concat_ws(chr(31), {parts}))"
