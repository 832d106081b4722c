-- Bonus and penalty points (加分/扣分, SPEC §5) per agent and month; an event belongs to the
-- month of occurred_at_local (SPEC §4).
-- bonus_points: Σ over praise events of the points of their kind in the seed
-- adjustment_kind_points (customer 1, department 2, company 3, media 5). The points column
-- of a praise event is ignored: SPEC §5 fixes the points by kind.
-- penalty_points: Σ |points| of violation, work_error and service_error events, reported as
-- a positive number whatever sign the export used; an event without points counts 0 (it is
-- still listed in the lineage).
-- work_error_count / service_error_count: events of kind work_error / service_error (each
-- event counts 1, whatever its points).
-- One row per indicator for every agent-month of the employment spine and every agent-month
-- with a praise or deduction event.
{%- set indicators = [
    {'code': 'bonus_points', 'numerator': 'bonus_points'},
    {'code': 'penalty_points', 'numerator': 'penalty_points'},
    {'code': 'work_error_count', 'numerator': 'work_error_count'},
    {'code': 'service_error_count', 'numerator': 'service_error_count'},
] %}

with

events as (

    select * from {{ ref('stg_adjustments__events') }}

),

kind_points as (

    select * from {{ ref('adjustment_kind_points') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

bonus_events as (

    select
        events.agent_id,
        kind_points.points,
        {{ month_of('events.occurred_at_local') }} as month
    from events
    inner join kind_points
        on events.kind = kind_points.kind

),

penalty_events as (

    select
        agent_id,
        {{ month_of('occurred_at_local') }} as month,
        abs(coalesce(points, 0)) as points,
        kind
    from events
    where kind in ('violation', 'work_error', 'service_error')

),

bonus_totals as (

    select
        agent_id,
        month,
        sum(points) as bonus_points
    from bonus_events
    group by agent_id, month

),

penalty_totals as (

    select
        agent_id,
        month,
        sum(points) as penalty_points,
        sum(case when kind = 'work_error' then 1 else 0 end) as work_error_count,
        sum(case when kind = 'service_error' then 1 else 0 end) as service_error_count
    from penalty_events
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
    from bonus_totals
    union
    select
        agent_id,
        month
    from penalty_totals

),

agent_month_values as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(bonus_totals.bonus_points, 0) as bonus_points,
        coalesce(penalty_totals.penalty_points, 0) as penalty_points,
        coalesce(penalty_totals.work_error_count, 0) as work_error_count,
        coalesce(penalty_totals.service_error_count, 0) as service_error_count
    from agent_month_keys
    left join bonus_totals
        on
            agent_month_keys.agent_id = bonus_totals.agent_id
            and agent_month_keys.month = bonus_totals.month
    left join penalty_totals
        on
            agent_month_keys.agent_id = penalty_totals.agent_id
            and agent_month_keys.month = penalty_totals.month

),

final as (

    {{ indicator_rows('agent_month_values', indicators) }}

)

select * from final
