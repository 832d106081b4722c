{#-
    month_of(local_timestamp_or_date) -> date

    The reporting month of a fact: the first day of the calendar month of its
    center-local time (SPEC §4). Pass the `_local` column, never the `_utc` one:
    2026-01-31 23:59:59 local is January even though it is 15:59:59 UTC.
-#}
{% macro month_of(column) -%}
cast({{ dbt.date_trunc('month', column) }} as date)
{%- endmacro %}
