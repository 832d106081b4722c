-- Cross-family productivity indicators per agent-month, built from the values of other
-- indicator models so that they always agree with them:
-- * calls_per_hour (SPEC §5): (calls_handled + outbound_calls) ÷ logged_in_hours
--   (int_indicators__telephony, int_indicators__agent_states); no logged-in time gives NULL.
-- * sales_success_rate (销售成功率): the agent's connected outbound calls of the month that
--   led to a non-cancelled order of the same agent (the order's call_id) ÷ those connected
--   outbound calls (outbound_connected of int_indicators__telephony): a true fraction,
--   however many orders a call led to, and orders taken on inbound calls do not count; no
--   connected outbound call gives NULL.
-- Every agent-month of the employment spine gets a row.
{%- set indicators = [
    {'code': 'calls_per_hour', 'numerator': 'calls', 'denominator': 'logged_in_hours'},
    {
        'code': 'sales_success_rate',
        'numerator': 'selling_calls',
        'denominator': 'outbound_connected',
    },
] %}

with

telephony as (

    select * from {{ ref('int_indicators__telephony') }}

),

agent_states as (

    select * from {{ ref('int_indicators__agent_states') }}

),

classified_calls as (

    select * from {{ ref('int_calls__classified') }}

),

orders as (

    select * from {{ ref('stg_sales__orders') }}

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

-- Connected outbound calls with at least one non-cancelled order of the calling agent.
selling_calls as (

    select
        classified_calls.agent_id,
        classified_calls.month,
        count(distinct classified_calls.call_id) as selling_calls
    from classified_calls
    inner join orders
        on
            classified_calls.call_id = orders.call_id
            and classified_calls.agent_id = orders.agent_id
    where classified_calls.is_outbound_connected and orders.status <> 'cancelled'
    group by classified_calls.agent_id, classified_calls.month

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

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(calls.calls, 0) as calls,
        coalesce(hours.logged_in_hours, 0) as logged_in_hours,
        coalesce(calls.outbound_connected, 0) as outbound_connected,
        coalesce(selling_calls.selling_calls, 0) as selling_calls
    from agent_month_keys
    left join calls
        on
            agent_month_keys.agent_id = calls.agent_id
            and agent_month_keys.month = calls.month
    left join hours
        on
            agent_month_keys.agent_id = hours.agent_id
            and agent_month_keys.month = hours.month
    left join selling_calls
        on
            agent_month_keys.agent_id = selling_calls.agent_id
            and agent_month_keys.month = selling_calls.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
