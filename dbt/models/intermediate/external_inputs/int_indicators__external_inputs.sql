-- Indicators the warehouse does not compute (SPEC §5: callback completion, ticket entry
-- accuracy, plan completion, cost budget, test-call scores...): the values of
-- stg_indicator_inputs__values passed through as supplied, for the codes whose catalog row
-- names this model. The grain is the catalog's; numerator = value and denominator NULL,
-- since the supplier gives no parts (these codes have rollup `none`). No employment spine:
-- an entity-month without a supplied value has no row (fct_agent_monthly shows NULL).
-- A supplied code without a catalog row, or whose catalog row names another model, is not
-- passed through; the singular test assert_indicator_inputs_codes_in_catalog fails then,
-- so such rows never vanish silently. The supplied rows are
-- int_external_inputs__contributions (one per entity, month and code); this sums them.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
with

contributions as (

    select * from {{ ref('int_external_inputs__contributions') }}
    where {{ in_months_to_build('month') }}

),

totals as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        sum(value__numerator) as value__numerator
    from contributions
    group by entity_id, grain, month, indicator_code

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        {{ exact_number('value__numerator') }} as numerator,
        {{ exact_number('null') }} as denominator,
        {{ exact_number('value__numerator') }} as value
    from totals

)

select * from final
