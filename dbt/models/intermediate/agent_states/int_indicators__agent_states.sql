-- Agent-grain indicators from agent states (SPEC §5), one row per agent-month and
-- indicator, in the long form of docs/indicators.md: the sums of
-- int_agent_states__contributions per agent and month. Intervals come split at month
-- boundaries (int_agent_states__split), so a piece counts in the month it lies in.
-- * logged_in_hours: Σ duration of all state intervals (every state is logged in), hours.
-- * utilization: (on_contact + after_call_work) hours ÷ logged-in hours.
-- * not_ready_ratio: not_ready hours ÷ logged-in hours.
-- Numerators and denominators of the ratios are in hours, so the denominator equals
-- logged_in_hours. Every agent-month of the employment spine gets a row (no states:
-- logged_in_hours 0, ratios NULL), plus any agent-month with states outside it. The
-- contributions are seconds: the exact integer sums are divided by 3600 here, once.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['logged_in_hours'],
    ratios=['utilization', 'not_ready_ratio'],
    divisor='3600e0',
) %}

with

contributions as (

    select * from {{ ref('int_agent_states__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

state_totals as (

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
    from state_totals

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        {{- contribution_totals(indicators, 'state_totals') }}
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
