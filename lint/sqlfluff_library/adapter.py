"""Lint-time stand-in for `adapter.dispatch` (dbt/macros/portable.sql).

sqlfluff's jinja templater has no dbt adapter. `adapter.dispatch(name, package)` returns
here a function that renders the DuckDB form, the `default__` macro of the same name, so
the linted SQL is what DuckDB runs. Add a function here when a macro is dispatched.
"""

CENTER_TIMEZONE = "Asia/Shanghai"


def scorecard_median(expression):
    return f"median({expression})"


def scorecard_split_contains(list_expression, delimiter, value):
    return f"list_contains(string_split({list_expression}, '{delimiter}'), {value})"


def scorecard_unnest_split(list_expression, delimiter):
    return f"unnest(string_split({list_expression}, '{delimiter}'))"


def scorecard_iso_day_of_week(date_expression):
    return f"extract(isodow from {date_expression})"


def to_center_time(column):
    return f"(({column} at time zone 'UTC') at time zone '{CENTER_TIMEZONE}')"


def center_time_to_utc(column):
    return f"(({column} at time zone '{CENTER_TIMEZONE}') at time zone 'UTC')"


def scorecard_listagg(measure, delimiter_text="','", order_by_clause=None):
    order = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_text}{order})"


_MACROS = {
    name: function
    for name, function in dict(globals()).items()
    if callable(function) and not name.startswith("_")
}


def dispatch(macro_name, macro_namespace=None):
    return _MACROS[macro_name]
