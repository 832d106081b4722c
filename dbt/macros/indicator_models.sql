{#-
    indicator_models() -> list of model names

    The models that compute indicators: var('indicator_models') of dbt_project.yml, the
    distinct `model` column of seeds/indicator_catalog.csv (dbt cannot read a seed or
    discover models while it parses; tests/test_indicator_catalog.py keeps the two equal;
    see docs/indicators.md).
-#}
{% macro indicator_models() -%}
{{ return(var('indicator_models', [])) }}
{%- endmacro %}
