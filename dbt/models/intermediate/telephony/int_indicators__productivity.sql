-- Cross-family productivity indicators per agent-month, built from the values of other
-- indicator models so that they always agree with them:
-- * calls_per_hour (SPEC §5): (calls_handled + outbound_calls) ÷ logged_in_hours
--   (int_indicators__telephony, int_indicators__agent_states); no logged-in time gives NULL.
-- * sales_success_rate: orders ÷ outbound_connected of the agent-month, i.e. the agent's
--   non-cancelled orders (int_indicators__sales) per connected outbound call
--   (int_indicators__telephony); no connected outbound call gives NULL. Orders are not
--   matched to calls, so an agent who also sells on inbound calls can pass 1.
-- Every agent-month of the employment spine gets a row.
{%- set indicators = [
    {'code': 'calls_per_hour', 'numerator': 'calls', 'denominator': 'logged_in_hours'},
    {'code': 'sales_success_rate', 'numerator': 'orders', 'denominator': 'outbound_connected'},
] %}

with

telephony as (

    select * from {{ ref('int_indicators__telephony') }}

),

agent_states as (

    select * from {{ ref('int_indicators__agent_states') }}

),

sales as (

    select * from {{ ref('int_indicators__sales') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

calls as (

    select
        entity_id as agent_id,
        month,
        sum(
            case when indicator_code in ('calls_handled', 'outbound_calls') then value end
        ) as calls,
        sum(case when indicator_code = 'outbound_connected' then value end)
            as outbound_connected
    from telephony
    where
        grain = 'agent'
        and indicator_code in ('calls_handled', 'outbound_calls', 'outbound_connected')
    group by entity_id, month

),

hours as (

    select
        entity_id as agent_id,
        month,
        value as logged_in_hours
    from agent_states
    where grain = 'agent' and indicator_code = 'logged_in_hours'

),

orders as (

    select
        entity_id as agent_id,
        month,
        value as orders
    from sales
    where grain = 'agent' and indicator_code = 'orders'

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
    from calls
    union
    select
        agent_id,
        month
    from hours
    union
    select
        agent_id,
        month
    from orders

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(calls.calls, 0) as calls,
        coalesce(hours.logged_in_hours, 0) as logged_in_hours,
        coalesce(calls.outbound_connected, 0) as outbound_connected,
        coalesce(orders.orders, 0) as orders
    from agent_month_keys
    left join calls
        on
            agent_month_keys.agent_id = calls.agent_id
            and agent_month_keys.month = calls.month
    left join hours
        on
            agent_month_keys.agent_id = hours.agent_id
            and agent_month_keys.month = hours.month
    left join orders
        on
            agent_month_keys.agent_id = orders.agent_id
            and agent_month_keys.month = orders.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
