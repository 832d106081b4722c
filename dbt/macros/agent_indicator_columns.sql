{#-
    agent_indicator_columns() -> list of (code, rollup_method, decimals)

    The agent-grain rows of the indicator catalog, read from the seed when dbt executes;
    fct_agent_monthly makes one column of each (and numerator/denominator columns for the
    ratios), typed with the decimals the catalog row declares. Empty while dbt parses,
    when no database is available.
-#}
{% macro agent_indicator_columns() -%}
{%- if not execute -%}
{{ return([]) }}
{%- endif -%}
{%- set catalog_query -%}
select code, rollup_method, decimals from {{ ref('indicator_catalog') }}
        where grain = 'agent'
        order by code
{%- endset -%}
{{ return(run_query(catalog_query).rows | map('list') | list) }}
{%- endmacro %}
