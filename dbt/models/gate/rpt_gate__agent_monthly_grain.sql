-- The rows the gate's agent_monthly_grain suite validates (expectations/): one row per
-- agent and month of fct_agent_monthly, with its team and role.
with

agent_monthly as (

    select * from {{ ref('fct_agent_monthly') }}

),

final as (

    select
        agent_id,
        month,
        team_id,
        role
    from agent_monthly

)

select * from final
