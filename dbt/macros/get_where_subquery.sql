{#-
    get_where_subquery(relation) -> the relation a generic data test reads

    dbt's own macro (the `where:` config of a data test), extended for incremental
    models (docs/incremental.md): when months_to_build() lists months, a data test of
    an incremental model reads only the rows of those months, so a nightly run tests what
    it rebuilt and not all history again. With no months listed (CI, a full rebuild)
    every test reads every row, and so does every test of the last build of a first build
    month by month, for which data_tests_every_month() is true (docs/incremental.md). A
    test's own `where:` still applies (both must hold).
    Every incremental model of this project has a `month` column (incremental_by_month()).
-#}
{% macro get_where_subquery(relation) -%}
{%- set where = config.get('where', '') -%}
{%- set scoped = execute and not data_tests_every_month() -%}
{%- set months = months_to_build() if scoped else [] -%}
{%- if months and model.get('attached_node') -%}
{%- set tested = graph.nodes.get(model.attached_node) -%}
{%- if tested and (
    tested.config.materialized == 'incremental'
    or (tested.config.get('meta') or {}).get('incremental_by_month')
) -%}
{%- set scope -%}
month in ({% for month in months %}{{ month_literal(month) }}{{ ', ' if not loop.last }}{% endfor %})
{%- endset -%}
{%- set where = '(' ~ where ~ ') and ' ~ scope if where else scope -%}
{%- endif -%}
{%- endif -%}
{%- if where -%}
{%- set filtered -%}
(select * from {{ relation }} where {{ where }}) as dbt_subquery
{%- endset -%}
{%- do return(filtered) -%}
{%- endif -%}
{%- do return(relation) -%}
{%- endmacro %}
