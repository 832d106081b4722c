-- Return prevention (退货防止率, SPEC §5) per agent and month: requests the agent handled
-- whose outcome is `prevented` ÷ those whose outcome is final (`prevented` or `returned`).
-- `pending` requests are not decided yet and count on neither side; a month with only
-- pending requests (or none) has a zero denominator, so the rate is NULL. A request
-- belongs to the month of requested_at_local (SPEC §4), whenever its outcome was decided.
-- One row for every agent-month of the employment spine and every agent-month with a
-- request with a final outcome. The requests and what they add are
-- int_returns__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(ratios=['return_prevention_rate']) %}

with

contributions as (

    select * from {{ ref('int_returns__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

request_totals as (

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
    from request_totals

),

agent_month_values as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        {{- contribution_totals(indicators, 'request_totals') }}
    from agent_month_keys
    left join request_totals
        on
            agent_month_keys.agent_id = request_totals.agent_id
            and agent_month_keys.month = request_totals.month

),

final as (

    {{ indicator_rows('agent_month_values', indicators) }}

)

select * from final
