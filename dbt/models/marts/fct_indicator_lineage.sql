{#-
    Row-level lineage of the indicators, on demand: for each entity, month and indicator,
    the source rows that count for it (file, line, row key, load) and what each adds to its
    numerator and denominator. The union of the lineage view beside each indicator model
    (int_indicators__x -> int_indicator_lineage__x), each a view over its family's
    contributions (docs/indicators.md). A view, so nothing is materialized: `scorecard
    explain` filters it to one entity, month and indicator_code (a literal), DuckDB drops
    the branches of the other indicators and pushes the entity and month down to the
    (month, agent)-ordered contributions tables, whose zone maps skip all other months.
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
        source_line,
        load_id,
        numerator,
        denominator
    from {{ ref(model_name | replace('int_indicators__', 'int_indicator_lineage__')) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from lineage
