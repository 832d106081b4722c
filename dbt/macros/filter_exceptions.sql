{#-
    duckdb__filter_exceptions() -> where clause

    dbt Labs' dbt-project-evaluator (run by ../shared/tools/dbt-evaluate, never by a build)
    drops the findings listed in its seed dbt_project_evaluator_exceptions: each a
    deliberate exception with its reason, in seeds/dbt_project_evaluator_exceptions.csv
    (fct_name, column_name, id_to_exclude as a LIKE pattern, comment).

    That seed is disabled in this project (dbt_project.yml): the nightly build has no use
    for it, and the tool builds only the evaluator's package, so a seed of this project
    would never be loaded for it. This override of the package's filter_exceptions (the
    root project comes first in its dispatch) reads the CSV file itself instead, with
    DuckDB's read_csv, from the project directory the evaluator runs dbt in. Otherwise it
    is the package's macro: the filter applies when the models run, not when they compile.
-#}
{% macro duckdb__filter_exceptions() -%}
{%- if execute and flags.WHICH not in ['compile'] -%}
{%- set project_dir = flags.PROJECT_DIR or '.' -%}
{%- set exceptions_csv = project_dir ~ '/seeds/dbt_project_evaluator_exceptions.csv' -%}
{%- set query_filters -%}
    select column_name, id_to_exclude
    from read_csv('{{ exceptions_csv }}', header = true, all_varchar = true)
    where fct_name = '{{ model.name }}'
{%- endset %}
    where 1 = 1
{%- for row_filter in run_query(query_filters) %}
        and {{ row_filter[0] }} not like '{{ row_filter[1] }}'
{%- endfor %}
{%- endif %}
{%- endmacro %}
