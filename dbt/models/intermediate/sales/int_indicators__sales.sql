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
-- with a non-cancelled order or an answered inbound customer call.
{%- set indicators = [
    {'code': 'orders', 'numerator': 'orders'},
    {'code': 'sales_amount', 'numerator': 'sales_amount'},
    {
        'code': 'conversion_rate',
        'numerator': 'converted_customers',
        'denominator': 'answered_customers',
    },
    {'code': 'avg_order_value', 'numerator': 'sales_amount', 'denominator': 'buying_customers'},
] %}

with

orders as (

    select * from {{ ref('stg_sales__orders') }}

),

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

valid_orders as (

    select
        agent_id,
        customer_hash,
        amount,
        {{ month_of('ordered_at_local') }} as month
    from orders
    where status <> 'cancelled'

),

order_totals as (

    select
        agent_id,
        month,
        count(*) as orders,
        sum(amount) as sales_amount,
        -- distinct known customers + one per order without a customer hash
        count(distinct customer_hash) + count(*) - count(customer_hash) as buying_customers
    from valid_orders
    group by agent_id, month

),

buyers as (

    select distinct
        agent_id,
        month,
        customer_hash
    from valid_orders
    where customer_hash is not null

),

inbound_customers as (

    select distinct
        agent_id,
        customer_hash,
        {{ month_of('offered_at_local') }} as month
    from calls
    where
        direction = 'inbound'
        and answered_at_utc is not null
        and customer_hash is not null

),

conversions as (

    select
        inbound_customers.agent_id,
        inbound_customers.month,
        count(*) as answered_customers,
        count(buyers.customer_hash) as converted_customers
    from inbound_customers
    left join buyers
        on
            inbound_customers.agent_id = buyers.agent_id
            and inbound_customers.month = buyers.month
            and inbound_customers.customer_hash = buyers.customer_hash
    group by inbound_customers.agent_id, inbound_customers.month

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
    union
    select
        agent_id,
        month
    from conversions

),

agent_month_values as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(order_totals.orders, 0) as orders,
        coalesce(order_totals.sales_amount, 0) as sales_amount,
        coalesce(order_totals.buying_customers, 0) as buying_customers,
        coalesce(conversions.converted_customers, 0) as converted_customers,
        coalesce(conversions.answered_customers, 0) as answered_customers
    from agent_month_keys
    left join order_totals
        on
            agent_month_keys.agent_id = order_totals.agent_id
            and agent_month_keys.month = order_totals.month
    left join conversions
        on
            agent_month_keys.agent_id = conversions.agent_id
            and agent_month_keys.month = conversions.month

),

final as (

    {{ indicator_rows('agent_month_values', indicators) }}

)

select * from final
