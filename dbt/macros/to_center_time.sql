{#-
    to_center_time(column) -> timestamp (naive, center-local wall-clock time)

    Raw timestamps are naive timestamps holding UTC (the loader converts offsets and
    center-local inputs to UTC). This returns the wall-clock time in the center's zone,
    var('center_timezone') (IANA name, default Asia/Shanghai):
        2026-01-31 16:00:00 (UTC) -> 2026-02-01 00:00:00 (Asia/Shanghai)

    `x at time zone 'UTC'` reads the naive value as UTC (-> timestamptz), the second
    `at time zone` renders it in the center's zone (-> naive timestamp). Unlike a plain
    `x::timestamptz` cast this does not depend on the session TimeZone, and the same SQL
    runs on DuckDB and PostgreSQL. An engine without `at time zone` (e.g. BigQuery) needs
    an adapter.dispatch here, plus a lint-time stand-in in .sqlfluff
    ([sqlfluff:templater:jinja:macros]), since sqlfluff renders without an adapter.
-#}
{% macro to_center_time(column) -%}
(({{ column }} at time zone 'UTC') at time zone '{{ var("center_timezone") }}')
{%- endmacro %}
