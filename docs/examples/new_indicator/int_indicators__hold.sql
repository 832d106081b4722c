-- avg_hold_seconds (平均保持时长): Σ hold seconds ÷ calls handled, over the agent's
-- answered inbound calls of the month: the sums of int_hold__contributions per agent and
-- month. A worked example of adding an indicator (docs/indicators.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(ratios=['avg_hold_seconds']) %}

with

contributions as (

    select * from {{ ref('int_hold__contributions') }}
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
        {{- contribution_sums(indicators) }}
    from contributions
    group by agent_id, month

),

-- Every agent-month of the spine, and any month with calls outside it.
spine as (

    select
        coalesce(agent_months.agent_id, activity.agent_id) as entity_id,
        coalesce(agent_months.month, activity.month) as month,
        {{- contribution_totals(indicators, 'activity') }}
    from agent_months
    full outer join activity
        on
            agent_months.agent_id = activity.agent_id
            and agent_months.month = activity.month

),

final as (

    {{ indicator_rows('spine', indicators, entity_column='entity_id') }}

)

select * from final
