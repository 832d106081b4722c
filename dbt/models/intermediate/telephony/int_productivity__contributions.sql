-- Contributions of the cross-family productivity indicators (docs/indicators.md,
-- "Contributions"), taken from the contributions of the families they are built from, so
-- that they count exactly the rows those families count:
-- * calls_per_hour: numerator 1 per call leg of calls_handled or outbound_calls
--   (int_telephony__contributions); denominator the SECONDS of every state interval piece
--   of logged_in_hours (int_agent_states__contributions; the value model divides the sum
--   by 3600 once, as int_indicators__agent_states does).
-- * sales_success_rate: denominator 1 per connected outbound leg (outbound_connected);
--   numerator 1 per connected outbound leg that led to a non-cancelled order of the
--   calling agent (the order's call_id), carried by that order: the leg's first order (by
--   order_id) adds 1, a further order on the same leg adds 0, so a leg counts once
--   however many orders it led to. Orders on inbound legs, another agent's orders and
--   cancelled orders (not in int_sales__contributions) count for nothing. An order counts
--   in the month of its call.
-- A view: every row is stored once, in its own family's table.
{{ config(materialized='view') }}

with

telephony as (

    select * from {{ ref('int_telephony__contributions') }}

),

-- The same model again, for the orders' legs: read twice, `telephony` would be
-- materialized whole, every call leg, before an agent-month filter (`scorecard explain`)
-- reaches it (docs/incremental.md, "A CTE read twice is read whole").
selling_legs as (

    select * from {{ ref('int_telephony__contributions') }}
    where outbound_connected__numerator is not null

),

agent_states as (

    select * from {{ ref('int_agent_states__contributions') }}

),

sales as (

    select * from {{ ref('int_sales__contributions') }}

),

call_rows as (

    select
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        coalesce(calls_handled__numerator, 0) + coalesce(outbound_calls__numerator, 0)
            as calls_per_hour__numerator,
        cast(null as bigint) as calls_per_hour__denominator,
        cast(null as integer) as sales_success_rate__numerator,
        outbound_connected__numerator as sales_success_rate__denominator
    from telephony
    -- a connected outbound leg is an outbound leg, so this covers outbound_connected too
    where calls_handled__numerator is not null or outbound_calls__numerator is not null

),

state_rows as (

    select
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        cast(null as integer) as calls_per_hour__numerator,
        logged_in_hours__numerator as calls_per_hour__denominator,
        cast(null as integer) as sales_success_rate__numerator,
        cast(null as integer) as sales_success_rate__denominator
    from agent_states

),

selling_orders as (

    -- month and agent are partition columns, so a filter on the month reaches the legs
    select
        sales.source_model,
        sales.row_key,
        sales.source_file,
        sales.source_line,
        sales.load_id,
        selling_legs.agent_id,
        selling_legs.month,
        row_number() over (
            partition by selling_legs.month, selling_legs.agent_id, selling_legs.call_id
            order by sales.order_id
        ) as call_order_rank
    from sales
    inner join selling_legs
        on
            sales.call_id = selling_legs.call_id
            and sales.agent_id = selling_legs.agent_id
    where sales.orders__numerator is not null

),

order_rows as (

    select
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        cast(null as integer) as calls_per_hour__numerator,
        cast(null as bigint) as calls_per_hour__denominator,
        case when call_order_rank = 1 then 1 else 0 end as sales_success_rate__numerator,
        cast(null as integer) as sales_success_rate__denominator
    from selling_orders

),

final as (

    select * from call_rows
    union all
    select * from state_rows
    union all
    select * from order_rows

)

select * from final
