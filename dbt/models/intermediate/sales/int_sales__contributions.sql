-- Contributions of the sales indicators (docs/indicators.md, "Contributions"): one row per
-- counted source row with what it adds to each indicator. Two kinds of rows:
-- * every non-cancelled order (stg_sales__orders; cancelled orders count for nothing), in
--   the month of ordered_at_local: orders 1; sales_amount its amount; avg_order_value
--   numerator its amount and denominator 1 for the first order (by ordered_at, order_id)
--   of its customer in the agent-month, 0 for the customer's further orders, 1 for an
--   order without a customer_hash (a customer of its own); conversion_rate numerator 1
--   for the first order of a customer whose inbound call the agent answered in the same
--   month (a converted customer), 0 for that customer's further orders, NULL for orders
--   of customers the agent did not answer (they are no conversion).
-- * every answered inbound call leg with a customer_hash (int_calls__classified), in the
--   month of offered_at_local: conversion_rate denominator 1 for the first call (by
--   offered_at, call_id) of its customer in the agent-month, 0 for the customer's further
--   calls (a customer who called twice is one answered customer, and both calls are
--   listed).
-- So Σ numerators and Σ denominators per agent-month are the distinct-customer counts of
-- SPEC §5, and every row that is part of them is listed in the lineage. The orders also
-- carry their call_id: the productivity family counts the connected outbound calls that
-- led to an order (int_productivity__contributions).
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

orders as (

    select * from {{ ref('stg_sales__orders') }}
    where status <> 'cancelled' and {{ in_months_to_build(month_of('ordered_at_local')) }}

),

calls as (

    select * from {{ ref('int_calls__classified') }}
    where
        is_inbound_answered
        and customer_hash is not null
        and {{ in_months_to_build('month') }}

),

valid_orders as (

    select
        order_id,
        call_id,
        agent_id,
        customer_hash,
        amount,
        ordered_at_utc,
        {{ month_of('ordered_at_local') }} as month,
        row_key,
        source_file,
        source_line,
        load_id
    from orders

),

answered_customers as (

    select distinct
        agent_id,
        month,
        customer_hash
    from calls

),

ranked_orders as (

    select
        valid_orders.order_id,
        valid_orders.call_id,
        valid_orders.agent_id,
        valid_orders.customer_hash,
        valid_orders.amount,
        valid_orders.month,
        valid_orders.row_key,
        valid_orders.source_file,
        valid_orders.source_line,
        valid_orders.load_id,
        answered_customers.customer_hash is not null as is_answered_customer,
        row_number() over (
            partition by valid_orders.agent_id, valid_orders.month, valid_orders.customer_hash
            order by valid_orders.ordered_at_utc, valid_orders.order_id
        ) as customer_order_rank
    from valid_orders
    left join answered_customers
        on
            valid_orders.agent_id = answered_customers.agent_id
            and valid_orders.month = answered_customers.month
            and valid_orders.customer_hash = answered_customers.customer_hash

),

ranked_calls as (

    select
        call_id,
        agent_id,
        month,
        row_key,
        source_file,
        source_line,
        load_id,
        row_number() over (
            partition by agent_id, month, customer_hash
            order by offered_at_utc, call_id
        ) as customer_call_rank
    from calls

),

order_contributions as (

    select
        cast('stg_sales__orders' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        order_id,
        call_id,
        1 as orders__numerator,
        {{ exact_number('coalesce(amount, 0)') }} as sales_amount__numerator,
        case
            when is_answered_customer then case when customer_order_rank = 1 then 1 else 0 end
        end as conversion_rate__numerator,
        cast(null as integer) as conversion_rate__denominator,
        {{ exact_number('coalesce(amount, 0)') }} as avg_order_value__numerator,
        case
            when customer_hash is null or customer_order_rank = 1 then 1 else 0
        end as avg_order_value__denominator
    from ranked_orders

),

call_contributions as (

    select
        cast('stg_calls__calls' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        cast(null as {{ dbt.type_string() }}) as order_id,
        call_id,
        cast(null as integer) as orders__numerator,
        {{ exact_number('null') }} as sales_amount__numerator,
        cast(null as integer) as conversion_rate__numerator,
        case when customer_call_rank = 1 then 1 else 0 end as conversion_rate__denominator,
        {{ exact_number('null') }} as avg_order_value__numerator,
        cast(null as integer) as avg_order_value__denominator
    from ranked_calls

),

final as (

    select * from order_contributions
    union all
    select * from call_contributions

)

select * from final
order by month, agent_id
