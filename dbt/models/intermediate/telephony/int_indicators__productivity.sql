-- Cross-family productivity indicators per agent-month: the sums of
-- int_productivity__contributions, which takes its rows from the contributions of the
-- telephony, agent-state and sales families, so that they always agree with them:
-- * calls_per_hour (SPEC §5): (calls_handled + outbound_calls) ÷ logged_in_hours
--   (int_indicators__telephony, int_indicators__agent_states); no logged-in time gives NULL.
-- * sales_success_rate (销售成功率): the agent's connected outbound calls of the month that
--   led to a non-cancelled order of the same agent (the order's call_id) ÷ those connected
--   outbound calls (outbound_connected of int_indicators__telephony): a true fraction,
--   however many orders a call led to, and orders taken on inbound calls do not count; no
--   connected outbound call gives NULL.
-- Every agent-month of the employment spine gets a row, and every agent-month that has a
-- telephony or agent-state value (int_indicators__telephony, int_indicators__agent_states).
-- The logged-in time is Σ seconds ÷ 3600, cut to the same exact decimal as
-- int_indicators__agent_states' logged_in_hours. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = [
    {'code': 'calls_per_hour', 'numerator': 'calls', 'denominator': 'logged_in_hours'},
    {
        'code': 'sales_success_rate',
        'numerator': 'selling_calls',
        'denominator': 'outbound_connected',
    },
] %}

with

contributions as (

    select * from {{ ref('int_productivity__contributions') }}
    where {{ in_months_to_build('month') }}

),

telephony as (

    select * from {{ ref('int_indicators__telephony') }}
    where {{ in_months_to_build('month') }}

),

agent_states as (

    select * from {{ ref('int_indicators__agent_states') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

activity as (

    select
        agent_id,
        month,
        sum(calls_per_hour__numerator) as calls,
        sum(calls_per_hour__denominator) as logged_in_seconds,
        sum(sales_success_rate__numerator) as selling_calls,
        sum(sales_success_rate__denominator) as outbound_connected
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
        entity_id as agent_id,
        month
    from telephony
    union
    select
        entity_id as agent_id,
        month
    from agent_states
    union
    select
        agent_id,
        month
    from activity

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(activity.calls, 0) as calls,
        {{ exact_number('coalesce(activity.logged_in_seconds, 0) / 3600e0') }}
            as logged_in_hours,
        coalesce(activity.selling_calls, 0) as selling_calls,
        coalesce(activity.outbound_connected, 0) as outbound_connected
    from agent_month_keys
    left join activity
        on
            agent_month_keys.agent_id = activity.agent_id
            and agent_month_keys.month = activity.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
