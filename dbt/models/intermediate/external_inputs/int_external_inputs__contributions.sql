-- Contributions of the supplied indicators (docs/indicators.md, "Contributions"): one row
-- per supplied value (stg_indicator_inputs__values) whose code's catalog row names
-- int_indicators__external_inputs, with the catalog's grain. The codes of this family are
-- data (whatever the catalog assigns to it), so the contribution is long-form, the one
-- exception to one column per code: indicator_code names the indicator and value__numerator
-- is what the row adds to its numerator (the whole value: a supplier gives the value, not
-- its parts). A supplied code without a catalog row, or whose catalog row names another
-- model, counts for nothing (the singular test assert_indicator_inputs_codes_in_catalog
-- names it). Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}

with

indicator_inputs as (

    select * from {{ ref('stg_indicator_inputs__values') }}
    where {{ in_months_to_build(month_of('month')) }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

final as (

    select
        cast('stg_indicator_inputs__values' as {{ dbt.type_string() }}) as source_model,
        indicator_inputs.row_key,
        indicator_inputs.source_file,
        indicator_inputs.source_line,
        indicator_inputs.load_id,
        cast(indicator_inputs.entity_id as {{ dbt.type_string() }}) as entity_id,
        cast(catalog.grain as {{ dbt.type_string() }}) as grain,
        {{ month_of('indicator_inputs.month') }} as month,
        cast(indicator_inputs.indicator_code as {{ dbt.type_string() }}) as indicator_code,
        {{ exact_number('indicator_inputs.value') }} as value__numerator
    from indicator_inputs
    inner join catalog
        on indicator_inputs.indicator_code = catalog.code
    where catalog.model = 'int_indicators__external_inputs'

)

select * from final
order by month, entity_id
