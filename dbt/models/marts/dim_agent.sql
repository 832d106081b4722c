-- The roster with history (SPEC §8): one row per agent version and its validity interval.
with

history as (

    select * from {{ ref('int_agents__history') }}

),

final as (

    select
        agent_id,
        agent_name as name,
        team_id,
        role,
        site,
        hire_date,
        leave_date,
        valid_from,
        valid_to,
        is_current
    from history

)

select * from final
