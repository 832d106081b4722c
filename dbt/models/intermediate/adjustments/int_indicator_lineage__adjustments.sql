-- Source rows behind int_indicators__adjustments: bonus_points lists the praise events
-- (kinds of the seed adjustment_kind_points), penalty_points the violation, work_error
-- and service_error events, including those without points (they count 0);
-- work_error_count / service_error_count the events of kind work_error / service_error.
{{ config(materialized='view') }}

with

events as (

    select * from {{ ref('stg_adjustments__events') }}

),

kind_points as (

    select * from {{ ref('adjustment_kind_points') }}

),

bonus_events as (

    select
        events.agent_id,
        events.row_key,
        events.source_file,
        events.source_line,
        {{ month_of('events.occurred_at_local') }} as month
    from events
    inner join kind_points
        on events.kind = kind_points.kind

),

penalty_events as (

    select
        agent_id,
        row_key,
        source_file,
        source_line,
        kind,
        {{ month_of('occurred_at_local') }} as month
    from events
    where kind in ('violation', 'work_error', 'service_error')

),

final as (

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('bonus_points' as varchar) as indicator_code,
        cast('stg_adjustments__events' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from bonus_events

    union all

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('penalty_points' as varchar) as indicator_code,
        cast('stg_adjustments__events' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from penalty_events

    union all

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast(
            case
                when kind = 'work_error' then 'work_error_count' else 'service_error_count'
            end as varchar
        ) as indicator_code,
        cast('stg_adjustments__events' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from penalty_events
    where kind in ('work_error', 'service_error')

)

select * from final
