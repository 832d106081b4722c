-- One row per agent and reporting month in which the agent was employed, with the team,
-- role and site that held at the end of the month (or on the leave date, if earlier).
-- A team change mid-month therefore counts the whole month to the new team.
with

history as (

    select * from {{ ref('int_agents__history') }}

),

calls as (

    select offered_at_local from {{ ref('stg_calls__calls') }}

),

shifts as (

    select work_date from {{ ref('stg_attendance__shifts') }}

),

data_months as (

    select distinct {{ month_of('offered_at_local') }} as month from calls
    union
    select distinct {{ month_of('work_date') }} as month from shifts

),

employment as (

    select
        agent_id,
        min(coalesce(hire_date, valid_from)) as employed_from,
        max(case when is_current then leave_date end) as employed_until
    from history
    group by agent_id

),

agent_months as (

    select
        employment.agent_id,
        data_months.month,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'data_months.month')) }} as date)
            as month_end,
        employment.employed_from,
        employment.employed_until
    from employment
    inner join data_months
        on
            data_months.month >= {{ month_of('employment.employed_from') }}
            and (
                employment.employed_until is null
                or data_months.month <= {{ month_of('employment.employed_until') }}
            )

),

attributed as (

    select
        agent_months.agent_id,
        agent_months.month,
        history.agent_name,
        history.team_id,
        history.role,
        history.site,
        agent_months.employed_from,
        agent_months.employed_until
    from agent_months
    inner join history
        on
            agent_months.agent_id = history.agent_id
            and history.valid_from <= coalesce(
                least(agent_months.month_end, agent_months.employed_until), agent_months.month_end
            )
            and (
                history.valid_to is null
                or history.valid_to >= coalesce(
                    least(agent_months.month_end, agent_months.employed_until),
                    agent_months.month_end
                )
            )

)

select * from attributed
