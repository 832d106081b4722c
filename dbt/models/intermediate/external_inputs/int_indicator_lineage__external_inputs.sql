-- Source rows behind int_indicators__external_inputs: the one supplied row of each value.
{{ config(materialized='view') }}

with

indicator_inputs as (

    select * from {{ ref('stg_indicator_inputs__values') }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

final as (

    select
        cast(indicator_inputs.entity_id as varchar) as entity_id,
        cast(catalog.grain as varchar) as grain,
        {{ month_of('indicator_inputs.month') }} as month,
        cast(indicator_inputs.indicator_code as varchar) as indicator_code,
        cast('stg_indicator_inputs__values' as varchar) as source_model,
        indicator_inputs.row_key,
        indicator_inputs.source_file,
        indicator_inputs.source_line
    from indicator_inputs
    inner join catalog
        on indicator_inputs.indicator_code = catalog.code
    where catalog.model = 'int_indicators__external_inputs'

)

select * from final
