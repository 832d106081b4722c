-- Agent state intervals cut at center-local month boundaries (SPEC §4): one row per interval
-- and month it overlaps. An interval belongs to the month of its local start; one that runs
-- past local midnight at the end of a month is cut there and each piece counts in its own
-- month. The cut is made at the UTC instant of the local month start and durations are
-- UTC differences, so they are exact elapsed seconds even in a zone with daylight saving.
-- An interval ending exactly at a month boundary gets no empty piece in the next month; a
-- zero-length interval keeps its one row (0 s) in the month it starts.
-- The months come from int_calendar__days (var calendar_start_date .. calendar_end_date).
-- Incremental by month (docs/incremental.md): a run makes the pieces of the months being
-- built, from every interval that overlaps them (an interval that crosses a month end is
-- cut into both months, so a change of it drags in every month it overlaps,
-- int_warehouse__months_to_rebuild). Rows are stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

-- the columns of a piece, the same in both joins below
{%- set piece_columns -%}
        intervals.agent_id,
        intervals.state,
        intervals.reason,
        month_bounds.month,
        intervals.started_at_utc,
        intervals.ended_at_utc,
        intervals.row_key,
        intervals.source_file,
        intervals.source_line,
        intervals.load_id,
        greatest(intervals.started_at_utc, month_bounds.month_start_utc) as piece_started_at_utc,
        least(intervals.ended_at_utc, month_bounds.next_month_start_utc) as piece_ended_at_utc,
        month_bounds.month = intervals.start_month as is_start_month
{%- endset %}

with

intervals as (

    select
        *,
        {{ month_of('started_at_local') }} as start_month,
        {{ month_of('ended_at_local') }} as end_month
    from {{ ref('stg_agent_states__state_intervals') }}
    -- a nightly run: only intervals that overlap the span of the months being built, by
    -- constant UTC bounds, so the local months are computed for those rows alone (at
    -- 1,000 agents x 6 months a night's split took 59.8 s over every interval, 18.2 s
    -- with this filter); the joins below keep exactly the months being built
    {%- set months = incremental_months() %}
    {%- if months %}
    where
        started_at_utc < {{ local_month_start_utc(next_month(months[-1])) }}
        and ended_at_utc >= {{ local_month_start_utc(months[0]) }}
    {%- endif %}

),

calendar as (

    select * from {{ ref('int_calendar__days') }}

),

months as (

    select distinct month_start as month
    from calendar
    where {{ in_months_to_build('month_start') }}

),

month_bounds as (

    select
        month,
        -- the local midnight read in the center's zone, rendered in UTC
        {{ center_time_to_utc('cast(month as timestamp)') }}
            as month_start_utc,
        {{ center_time_to_utc('cast(' ~ dbt.dateadd('month', 1, 'month') ~ ' as timestamp)') }}
            as next_month_start_utc
    from months

),

single_month_pieces as (

    -- almost every interval starts and ends in one month: an equality join finds it
    select
        {{ piece_columns }}
    from intervals
    inner join month_bounds
        on intervals.start_month = month_bounds.month
    where intervals.start_month = intervals.end_month

),

crossing_pieces as (

    -- the few that run past a month end: one piece per month they overlap (a range join,
    -- kept to these rows because it compares each of them with every month being built)
    select
        {{ piece_columns }}
    from intervals
    inner join month_bounds
        on
            intervals.start_month <= month_bounds.month
            and intervals.end_month >= month_bounds.month
    where intervals.start_month < intervals.end_month

),

pieces as (

    select * from single_month_pieces
    union all
    select * from crossing_pieces

),

final as (

    select
        agent_id,
        state,
        reason,
        month,
        started_at_utc,
        ended_at_utc,
        piece_started_at_utc,
        piece_ended_at_utc,
        is_start_month,
        row_key,
        source_file,
        source_line,
        load_id,
        {{ to_center_time('piece_started_at_utc') }} as piece_started_at_local,
        {{ to_center_time('piece_ended_at_utc') }} as piece_ended_at_local,
        {{ dbt.datediff('piece_started_at_utc', 'piece_ended_at_utc', 'second') }}
            as duration_seconds
    from pieces
    where piece_started_at_utc < piece_ended_at_utc or is_start_month

)

select * from final
order by month, agent_id
