-- Source rows behind int_indicators__sales, one row per (agent, month, indicator, row).
-- orders, sales_amount, avg_order_value: the agent's non-cancelled orders of the month.
-- conversion_rate: the answered inbound calls with a customer_hash (the denominator's
-- rows; a customer who called twice has both calls) and, as evidence of the numerator,
-- the non-cancelled orders of the same agent and month by those customers.
-- Same filters as the value model.
{{ config(materialized='view') }}

with

orders as (

    select * from {{ ref('stg_sales__orders') }}

),

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

valid_orders as (

    select
        agent_id,
        customer_hash,
        row_key,
        source_file,
        source_line,
        {{ month_of('ordered_at_local') }} as month
    from orders
    where status <> 'cancelled'

),

inbound_calls as (

    select
        agent_id,
        customer_hash,
        row_key,
        source_file,
        source_line,
        {{ month_of('offered_at_local') }} as month
    from calls
    where
        direction = 'inbound'
        and answered_at_utc is not null
        and customer_hash is not null

),

converting_orders as (

    select
        valid_orders.agent_id,
        valid_orders.month,
        valid_orders.row_key,
        valid_orders.source_file,
        valid_orders.source_line
    from valid_orders
    where exists (
        select 1
        from inbound_calls
        where
            inbound_calls.agent_id = valid_orders.agent_id
            and inbound_calls.month = valid_orders.month
            and inbound_calls.customer_hash = valid_orders.customer_hash
    )

),

order_codes as (

    -- the indicators whose rows are exactly the non-cancelled orders
    select 'orders' as indicator_code
    union all
    select 'sales_amount' as indicator_code
    union all
    select 'avg_order_value' as indicator_code

),

order_rows as (

    select
        valid_orders.agent_id,
        valid_orders.month,
        order_codes.indicator_code,
        valid_orders.row_key,
        valid_orders.source_file,
        valid_orders.source_line
    from valid_orders
    cross join order_codes

),

final as (

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast(indicator_code as varchar) as indicator_code,
        cast('stg_sales__orders' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from order_rows

    union all

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('conversion_rate' as varchar) as indicator_code,
        cast('stg_calls__calls' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from inbound_calls

    union all

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('conversion_rate' as varchar) as indicator_code,
        cast('stg_sales__orders' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from converting_orders

)

select * from final
