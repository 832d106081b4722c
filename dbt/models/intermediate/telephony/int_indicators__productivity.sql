-- calls_per_hour (SPEC §5) per agent-month: (calls_handled + outbound_calls) ÷
-- logged_in_hours, built from the values of int_indicators__telephony and
-- int_indicators__agent_states so that the three indicators always agree. Every
-- agent-month of the employment spine gets a row; no logged-in time gives NULL.
{%- set indicators = [
    {'code': 'calls_per_hour', 'numerator': 'calls', 'denominator': 'logged_in_hours'},
] %}

with

telephony as (

    select * from {{ ref('int_indicators__telephony') }}

),

agent_states as (

    select * from {{ ref('int_indicators__agent_states') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

calls as (

    select
        entity_id as agent_id,
        month,
        sum(value) as calls
    from telephony
    where grain = 'agent' and indicator_code in ('calls_handled', 'outbound_calls')
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
        coalesce(hours.logged_in_hours, 0) as logged_in_hours
    from agent_month_keys
    left join calls
        on
            agent_month_keys.agent_id = calls.agent_id
            and agent_month_keys.month = calls.month
    left join hours
        on
            agent_month_keys.agent_id = hours.agent_id
            and agent_month_keys.month = hours.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
