"""Lint-time stand-ins for dbt's cross-database macros (`dbt.dateadd`, …).

sqlfluff's jinja templater has no dbt adapter, so `{{ dbt.dateadd(...) }}` would not
render. These render the SQL dbt-duckdb generates, so the linted SQL is what DuckDB runs.
Add a function here when a model starts using another `dbt.*` macro.
"""


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"({from_date_or_timestamp} + (interval '1 {datepart}' * ({interval})))"


def datediff(first_date, second_date, datepart):
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def date_spine(datepart, start_date, end_date):
    return (
        f"select range as date_{datepart} "
        f"from range({start_date}, {end_date}, interval '1 {datepart}')"
    )


def hash(field):
    return f"md5(cast({field} as varchar))"


def safe_cast(field, type):
    return f"try_cast({field} as {type})"


def type_string():
    return "varchar"


def type_timestamp():
    return "timestamp"


def type_float():
    return "double"


def type_int():
    return "integer"


def type_bigint():
    return "bigint"


def last_day(date, datepart):
    return f"last_day({date})"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    order = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_text}{order})"
