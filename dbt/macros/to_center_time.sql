{#-
    to_center_time(column) -> timestamp (naive, center-local wall-clock time)

    Raw timestamps are naive timestamps holding UTC (the loader converts offsets and
    center-local inputs to UTC). This returns the wall-clock time in the center's zone,
    var('center_timezone') (IANA name, default Asia/Shanghai):
        2026-01-31 16:00:00 (UTC) -> 2026-02-01 00:00:00 (Asia/Shanghai)

    `x at time zone 'UTC'` reads the naive value as UTC (-> timestamptz), the second
    `at time zone` renders it in the center's zone (-> naive timestamp). Unlike a plain
    `x::timestamptz` cast this does not depend on the session TimeZone, and the same SQL
    runs on DuckDB and PostgreSQL. Spark has no `at time zone`: spark__ uses
    from_utc_timestamp, with the session time zone UTC (macros/portable.sql). sqlfluff
    renders the default through lint/sqlfluff_library/adapter.py.
-#}
{% macro to_center_time(column) -%}
{{ return(adapter.dispatch('to_center_time', 'scorecard')(column)) }}
{%- endmacro %}

{% macro default__to_center_time(column) -%}
(({{ column }} at time zone 'UTC') at time zone '{{ var("center_timezone") }}')
{%- endmacro %}

{% macro spark__to_center_time(column) -%}
from_utc_timestamp({{ column }}, '{{ var("center_timezone") }}')
{%- endmacro %}
