{#-
    indicator_rows(relation, indicators, entity_column='agent_id', grain='agent')
        -> select statement

    The long form of an indicator model (docs/indicators.md): for each indicator one
    select over `relation` returning the seven contract columns, joined by `union all`, so
    every row of `relation` (one per entity-month) gives one row per indicator.

    relation:      a relation or CTE name with a `month` column (a date) and the columns
                   the numerator and denominator expressions read
    indicators:    list of {'code': catalog code, 'numerator': SQL expression,
                   'denominator': SQL expression}; give a denominator for rates and means
                   only. Counts and sums (no denominator): denominator NULL, value =
                   numerator. Rates and means: value = safe_divide(numerator, denominator),
                   so a zero denominator gives NULL.
    entity_column: the column (or SQL expression) of `relation` that becomes entity_id
    grain:         the catalog grain of every row, written as a literal

    Every column is cast to its contract type (varchar, varchar, date, varchar, then
    numerator, denominator and value as exact decimals: exact_number(), see
    macros/precision.sql), whatever the types in `relation`; the value is rounded to the
    catalog's decimals later, once, in int_indicator_values__all_grains. A model with several grains calls
    it once per grain and joins the calls with `union all` (int_indicators__service_level).
-#}
{% macro indicator_rows(relation, indicators, entity_column='agent_id', grain='agent') -%}
{%- if not indicators -%}
{{ exceptions.raise_compiler_error('indicator_rows(' ~ relation ~ '): no indicators') }}
{%- endif -%}
{%- for indicator in indicators %}
{%- if indicator.get('denominator') %}
{%- set denominator = exact_number(indicator.denominator) %}
{%- set value = exact_number(safe_divide(indicator.numerator, indicator.denominator)) %}
{%- else %}
{%- set denominator = exact_number('null') %}
{%- set value = exact_number(indicator.numerator) %}
{%- endif %}
{%- if not loop.first %}

    union all

    {% endif -%}
    select
        cast({{ entity_column }} as {{ dbt.type_string() }}) as entity_id,
        cast('{{ grain }}' as {{ dbt.type_string() }}) as grain,
        cast(month as date) as month,
        cast('{{ indicator.code }}' as {{ dbt.type_string() }}) as indicator_code,
        {{ exact_number(indicator.numerator) }} as numerator,
        {{ denominator }} as denominator,
        {{ value }} as value
    from {{ relation }}
{%- endfor %}
{%- endmacro %}
