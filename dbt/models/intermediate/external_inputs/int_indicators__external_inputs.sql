-- Indicators the warehouse does not compute (SPEC §5: callback completion, ticket entry
-- accuracy, plan completion, cost budget, test-call scores...): the values of
-- stg_indicator_inputs__values passed through as supplied, for the codes whose catalog row
-- names this model. The grain is the catalog's; numerator = value and denominator NULL,
-- since the supplier gives no parts (these codes have rollup `none`). No employment spine:
-- an entity-month without a supplied value has no row (fct_agent_monthly shows NULL).
-- A supplied code without a catalog row, or whose catalog row names another model, is not
-- passed through; the singular test assert_indicator_inputs_codes_in_catalog fails then,
-- so such rows never vanish silently.
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
        {{ exact_number('indicator_inputs.value') }} as numerator,
        {{ exact_number('null') }} as denominator,
        {{ exact_number('indicator_inputs.value') }} as value
    from indicator_inputs
    inner join catalog
        on indicator_inputs.indicator_code = catalog.code
    where catalog.model = 'int_indicators__external_inputs'

)

select * from final
