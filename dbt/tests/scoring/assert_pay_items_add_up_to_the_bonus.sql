-- A failing row is a scored entity-month whose published bonus_amount is not the sum of
-- its line items in mart_pay_items: payroll would import amounts that do not add up to
-- the bonus people see.
with

scores as (

    select * from {{ ref('mart_agent_scores') }}
    where eligible

),

pay_items as (

    select * from {{ ref('mart_pay_items') }}

),

item_totals as (

    select
        scheme_id,
        agent_id,
        month,
        sum(amount) as items_total
    from pay_items
    group by scheme_id, agent_id, month

)

select
    scores.scheme_id,
    scores.agent_id,
    scores.month,
    scores.bonus_amount,
    item_totals.items_total
from scores
left join item_totals
    on
        scores.scheme_id = item_totals.scheme_id
        and scores.agent_id = item_totals.agent_id
        and scores.month = item_totals.month
where scores.bonus_amount <> coalesce(item_totals.items_total, 0)
