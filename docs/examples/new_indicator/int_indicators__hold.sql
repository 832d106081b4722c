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

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
