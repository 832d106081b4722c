-- The rows the gate's source_reconciliation suite validates: per month, what the facts
-- count beside what staging loaded - answered inbound calls, QA evaluations (calibration
-- re-scores excluded) and non-cancelled orders.
with

agent_monthly as (

    select * from {{ ref('fct_agent_monthly') }}

),

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

orders as (

    select * from {{ ref('stg_sales__orders') }}

),

facts_by_month as (

    select
        month,
        sum(calls_handled) as calls_in_facts,
        sum(qa_avg_score_denominator) as evaluations_in_facts,
        sum(orders) as orders_in_facts
    from agent_monthly
    group by month

),

calls_by_month as (

    select
        {{ month_of('offered_at_local') }} as month,
        count(*) as calls_loaded
    from calls
    where direction = 'inbound' and answered_at_utc is not null
    group by {{ month_of('offered_at_local') }}

),

evaluations_by_month as (

    select
        {{ month_of('evaluated_at_local') }} as month,
        count(*) as evaluations_loaded
    from evaluations
    where calibrates_evaluation_id is null
    group by {{ month_of('evaluated_at_local') }}

),

orders_by_month as (

    select
        {{ month_of('ordered_at_local') }} as month,
        count(*) as orders_loaded
    from orders
    where status <> 'cancelled'
    group by {{ month_of('ordered_at_local') }}

),

months as (

    select month from facts_by_month
    union
    select month from calls_by_month
    union
    select month from evaluations_by_month
    union
    select month from orders_by_month

),

final as (

    select
        months.month,
        coalesce(facts_by_month.calls_in_facts, 0) as calls_in_facts,
        coalesce(calls_by_month.calls_loaded, 0) as calls_loaded,
        coalesce(facts_by_month.evaluations_in_facts, 0) as evaluations_in_facts,
        coalesce(evaluations_by_month.evaluations_loaded, 0) as evaluations_loaded,
        coalesce(facts_by_month.orders_in_facts, 0) as orders_in_facts,
        coalesce(orders_by_month.orders_loaded, 0) as orders_loaded
    from months
    left join facts_by_month
        on months.month = facts_by_month.month
    left join calls_by_month
        on months.month = calls_by_month.month
    left join evaluations_by_month
        on months.month = evaluations_by_month.month
    left join orders_by_month
        on months.month = orders_by_month.month

)

select * from final
