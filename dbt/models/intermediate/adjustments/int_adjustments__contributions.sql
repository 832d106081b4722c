-- Contributions of the bonus and penalty indicators (加分/扣分, docs/indicators.md,
-- "Contributions"): one row per event (stg_adjustments__events) of a praise kind (the seed
-- adjustment_kind_points) or a deduction kind (violation, work_error, service_error), in
-- the month of occurred_at_local (SPEC §4). Events of other kinds count for nothing.
-- * bonus_points: a praise event adds the points of its kind in the seed (customer 1,
--   department 2, company 3, media 5); the event's own points column is ignored (SPEC §5
--   fixes the points by kind).
-- * penalty_points: a deduction event adds |points|, a positive number whatever sign the
--   export used; an event without points adds 0 (and still counts: it is listed).
-- * work_error_count / service_error_count: 1 per event of kind work_error /
--   service_error, whatever its points.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

events as (

    select * from {{ ref('stg_adjustments__events') }}
    where {{ in_months_to_build(month_of('occurred_at_local')) }}

),

kind_points as (

    select * from {{ ref('adjustment_kind_points') }}

),

classified as (

    select
        events.row_key,
        events.source_file,
        events.source_line,
        events.load_id,
        events.adjustment_id,
        events.agent_id,
        events.kind,
        {{ month_of('events.occurred_at_local') }} as month,
        kind_points.points as praise_points,
        events.kind in ('violation', 'work_error', 'service_error') as is_deduction,
        abs(coalesce(events.points, 0)) as deduction_points
    from events
    left join kind_points
        on events.kind = kind_points.kind

),

final as (

    select
        cast('stg_adjustments__events' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        adjustment_id,
        kind,
        {{ exact_number('praise_points') }} as bonus_points__numerator,
        {{ exact_number('case when is_deduction then deduction_points end') }}
            as penalty_points__numerator,
        case when kind = 'work_error' then 1 end as work_error_count__numerator,
        case when kind = 'service_error' then 1 end as service_error_count__numerator
    from classified
    where praise_points is not null or is_deduction

)

select * from final
order by month, agent_id
