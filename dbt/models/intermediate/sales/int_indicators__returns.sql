-- Return prevention (退货防止率, SPEC §5) per agent and month: requests the agent handled
-- whose outcome is `prevented` ÷ those whose outcome is final (`prevented` or `returned`).
-- `pending` requests are not decided yet and count on neither side; a month with only
-- pending requests (or none) has a zero denominator, so the rate is NULL. A request
-- belongs to the month of requested_at_local (SPEC §4), whenever its outcome was decided.
-- One row for every agent-month of the employment spine and every agent-month with a
-- request with a final outcome.
{%- set indicators = [
    {
        'code': 'return_prevention_rate',
        'numerator': 'prevented_requests',
        'denominator': 'decided_requests',
    },
] %}

with

return_requests as (

    select * from {{ ref('stg_return_requests__return_requests') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

decided_requests as (

    select
        agent_id,
        outcome,
        {{ month_of('requested_at_local') }} as month
    from return_requests
    where outcome in ('prevented', 'returned')

),

request_totals as (

    select
        agent_id,
        month,
        count(case when outcome = 'prevented' then 1 end) as prevented_requests,
        count(*) as decided_requests
    from decided_requests
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
        coalesce(request_totals.prevented_requests, 0) as prevented_requests,
        coalesce(request_totals.decided_requests, 0) as decided_requests
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
