-- The roster as validity intervals: each version of an agent holds from its valid_from
-- up to the day before the next version's valid_from (valid_to is NULL for the current one).
with

agents as (

    select * from {{ ref('stg_agents__agents') }}

),

versions as (

    select
        agent_id,
        agent_name,
        team_id,
        role,
        site,
        hire_date,
        leave_date,
        valid_from,
        row_key,
        source_file,
        source_line,
        lead(valid_from) over (partition by agent_id order by valid_from) as next_valid_from
    from agents

),

intervals as (

    select
        agent_id,
        agent_name,
        team_id,
        role,
        site,
        hire_date,
        leave_date,
        valid_from,
        cast({{ dbt.dateadd('day', -1, 'next_valid_from') }} as date) as valid_to,
        next_valid_from is null as is_current,
        row_key,
        source_file,
        source_line
    from versions

)

select * from intervals
