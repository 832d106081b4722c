{#-
    Row-level lineage of the indicators: for each entity, month and indicator, the source
    rows that contributed (file, line, row key). The union of the lineage model beside each
    indicator model (int_indicators__x -> int_indicator_lineage__x). A view: `explain`
    filters it to one agent and month, and DuckDB pushes that filter into every branch.
-#}
{{ config(materialized='view') }}

with

-- One branch per indicator model of the catalog (see fct_indicator_monthly).
lineage as (

    {%- for model_name in indicator_models() %}

    select
        entity_id,
        grain,
        month,
        indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from {{ ref(model_name | replace('int_indicators__', 'int_indicator_lineage__')) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from lineage
