{#-
    date_part(part, column) -> integer

    The year, month or day of a date, as an integer. dbt has no cross-database macro for
    it; `extract(part from column)` is standard SQL that DuckDB and Spark both run.
-#}
{% macro date_part(part, column) -%}
cast(extract({{ part }} from {{ column }}) as integer)
{%- endmacro %}
