{#-
    indicator_models() -> list of model names

    The models that compute indicators: the `model` column of seeds/indicator_catalog.csv,
    which the orchestrator reads and passes as var('indicator_models') (dbt cannot read a
    seed or discover models while it parses; see docs/indicators.md).
-#}
{% macro indicator_models() -%}
{{ return(var('indicator_models', [])) }}
{%- endmacro %}
