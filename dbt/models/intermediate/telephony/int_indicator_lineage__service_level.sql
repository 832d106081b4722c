-- Lineage of service_level_15s: the rows of its denominator, i.e. every inbound call leg
-- (abandoned and missed included) of the queue-month, and of the center-month; for a
-- team, the inbound legs offered to its agents (as int_indicators__service_level).
{{ config(materialized='view') }}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

queue_rows as (

    select
        queue as entity_id,
        'queue' as grain,
        month,
        row_key,
        source_file,
        source_line
    from calls
    where is_inbound and queue is not null

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

team_rows as (

    select
        agent_months.team_id as entity_id,
        'team' as grain,
        calls.month,
        calls.row_key,
        calls.source_file,
        calls.source_line
    from calls
    inner join agent_months
        on
            calls.agent_id = agent_months.agent_id
            and calls.month = agent_months.month
    where calls.is_inbound and agent_months.team_id is not null

),

center_rows as (

    select
        'center' as entity_id,
        'center' as grain,
        month,
        row_key,
        source_file,
        source_line
    from calls
    where is_inbound

),

contributing_rows as (

    select * from queue_rows
    union all
    select * from team_rows
    union all
    select * from center_rows

),

final as (

    select
        entity_id,
        grain,
        month,
        'service_level_15s' as indicator_code,
        'stg_calls__calls' as source_model,
        row_key,
        source_file,
        source_line
    from contributing_rows

)

select * from final
