-- Agent-grain indicators from agent states (SPEC §5), one row per agent-month and
-- indicator, in the long form of docs/indicators.md. Intervals come split at month
-- boundaries (int_agent_states__split), so a piece counts in the month it lies in.
-- * logged_in_hours: Σ duration of all state intervals (every state is logged in), hours.
-- * utilization: (on_contact + after_call_work) hours ÷ logged-in hours.
-- * not_ready_ratio: not_ready hours ÷ logged-in hours.
-- Numerators and denominators of the ratios are in hours, so the denominator equals
-- logged_in_hours. Every agent-month of the employment spine gets a row (no states:
-- logged_in_hours 0, ratios NULL), plus any agent-month with states outside it.
{%- set indicators = [
    {'code': 'logged_in_hours', 'numerator': 'logged_in_hours'},
    {'code': 'utilization', 'numerator': 'working_hours', 'denominator': 'logged_in_hours'},
    {'code': 'not_ready_ratio', 'numerator': 'not_ready_hours', 'denominator': 'logged_in_hours'},
] %}

with

states as (

    select * from {{ ref('int_agent_states__split') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

state_totals as (

    select
        agent_id,
        month,
        sum(duration_seconds) as logged_in_seconds,
        sum(
            case when state in ('on_contact', 'after_call_work') then duration_seconds else 0 end
        ) as working_seconds,
        sum(case when state = 'not_ready' then duration_seconds else 0 end) as not_ready_seconds
    from states
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
    from state_totals

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(state_totals.logged_in_seconds, 0) / 3600.0 as logged_in_hours,
        coalesce(state_totals.working_seconds, 0) / 3600.0 as working_hours,
        coalesce(state_totals.not_ready_seconds, 0) / 3600.0 as not_ready_hours
    from agent_month_keys
    left join state_totals
        on
            agent_month_keys.agent_id = state_totals.agent_id
            and agent_month_keys.month = state_totals.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
