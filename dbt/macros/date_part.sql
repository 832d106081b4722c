{#-
    date_part(part, column) -> integer

    The year, month or day of a date, as an integer. dbt has no cross-database macro for
    it; `extract(part from column)` is standard SQL that DuckDB and Spark both run, and
    an adapter that spells it otherwise overrides it through adapter.dispatch.
-#}
{% macro date_part(part, column) -%}
{{ return(adapter.dispatch('date_part', 'scorecard')(part, column)) }}
{%- endmacro %}

{% macro default__date_part(part, column) -%}
cast(extract({{ part }} from {{ column }}) as integer)
{%- endmacro %}
