-- Every money amount payroll pays or deducts (SPEC §8): one row per scheme, entity, month
-- and item, with the amount in exact yuan and the evidence in words; per entity and month
-- the items add up to mart_agent_scores.bonus_amount.
with

pay_items as (

    select * from {{ ref('int_scoring__pay_items') }}

),

final as (

    select
        scheme_id,
        version,
        agent_id,
        month,
        period,
        item,
        amount_cny as amount,
        evidence
    from pay_items

)

select * from final
