-- Sales indicators per agent and month (SPEC §5): orders, sales_amount, conversion_rate,
-- avg_order_value. Cancelled orders count toward none of them. An order belongs to the
-- month of ordered_at_local, a call to the month of offered_at_local (SPEC §4).
-- conversion_rate: of the distinct customers (customer_hash) whose inbound call the agent
-- answered in the month, those who placed a non-cancelled order credited to the same agent
-- in the same month, before or after the call; calls without a customer_hash cannot be
-- matched and are left out of both sides.
-- avg_order_value: sales_amount ÷ distinct buying customers. An order without a
-- customer_hash counts as one customer of its own: its amount is in sales_amount, and
-- leaving it out of the denominator would inflate the average (anonymous orders are never
-- merged, as nothing says they come from the same customer).
-- One row per indicator for every agent-month of the employment spine and every agent-month
-- with a non-cancelled order or an answered inbound customer call. Which orders and calls
-- count, and for what, is int_sales__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['orders', 'sales_amount'],
    ratios=['conversion_rate', 'avg_order_value'],
) %}

with

contributions as (

    select * from {{ ref('int_sales__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

order_totals as (

    select
        agent_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    group by agent_id, month

),

agent_month_keys as (

    select
        agent_id,
        month
    from agent_months
    union
    select
        agent_id,
        month
    from order_totals

),

agent_month_values as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        {{- contribution_totals(indicators, 'order_totals') }}
    from agent_month_keys
    left join order_totals
        on
            agent_month_keys.agent_id = order_totals.agent_id
            and agent_month_keys.month = order_totals.month

),

final as (

    {{ indicator_rows('agent_month_values', indicators) }}

)

select * from final
