-- Attendance indicators per agent and month (SPEC §5); a shift belongs to the month of its
-- work_date (SPEC §4).
-- attendance_days / absence_days: shifts with status present / absent (leave and rest count
--   for neither).
-- late_count: present shifts with clock_in after shift_start; late_minutes: Σ over those
--   shifts of the time late rounded up to whole minutes (61 s -> 2 min), from the
--   millisecond difference; early_leave_count: present shifts with clock_out before
--   shift_end.
-- late_minutes_5plus: Σ whole minutes late (rounded up, as late_minutes) over the late
--   shifts whose clock_in is at least 5 minutes (300 000 ms) after shift_start: exactly
--   5:00 late counts (5 min), 4:59 late does not, 5:01 late counts 6 min.
-- late_or_early_leave_count: late_count + early_leave_count (a shift both late and left
--   early counts twice). A missing clock_in / clock_out (or shift time) makes a shift neither late
--   nor an early leave: there is nothing to compare.
-- Times are compared in UTC, where a difference is elapsed time whatever the zone's rules.
-- Rows: every agent-month of the employment spine, full-outer-joined with the agent-months
-- that have shifts.
{%- set indicators = [
    {'code': 'attendance_days', 'numerator': 'attendance_days'},
    {'code': 'absence_days', 'numerator': 'absence_days'},
    {'code': 'late_count', 'numerator': 'late_count'},
    {'code': 'late_minutes', 'numerator': 'late_minutes'},
    {'code': 'early_leave_count', 'numerator': 'early_leave_count'},
    {'code': 'late_minutes_5plus', 'numerator': 'late_minutes_5plus'},
    {'code': 'late_or_early_leave_count', 'numerator': 'late_count + early_leave_count'},
] %}

with

shifts as (

    select * from {{ ref('stg_attendance__shifts') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

classified as (

    select
        agent_id,
        {{ month_of('work_date') }} as month,
        coalesce(status = 'present', false) as is_present,
        coalesce(status = 'absent', false) as is_absent,
        coalesce(status = 'present' and clock_in_utc > shift_start_utc, false) as is_late,
        coalesce(status = 'present' and clock_out_utc < shift_end_utc, false) as is_early_leave,
        {{ dbt.datediff('shift_start_utc', 'clock_in_utc', 'millisecond') }} as late_milliseconds
    from shifts

),

activity as (

    select
        agent_id,
        month,
        sum(case when is_present then 1 else 0 end) as attendance_days,
        sum(case when is_absent then 1 else 0 end) as absence_days,
        sum(case when is_late then 1 else 0 end) as late_count,
        sum(case when is_late then ceil(late_milliseconds / 60000.0) else 0 end) as late_minutes,
        sum(case when is_early_leave then 1 else 0 end) as early_leave_count,
        sum(
            case
                when is_late and late_milliseconds >= 300000
                    then ceil(late_milliseconds / 60000.0)
                else 0
            end
        ) as late_minutes_5plus
    from classified
    group by agent_id, month

),

spine as (

    select
        coalesce(agent_months.agent_id, activity.agent_id) as entity_id,
        coalesce(agent_months.month, activity.month) as month,
        coalesce(activity.attendance_days, 0) as attendance_days,
        coalesce(activity.absence_days, 0) as absence_days,
        coalesce(activity.late_count, 0) as late_count,
        coalesce(activity.late_minutes, 0) as late_minutes,
        coalesce(activity.early_leave_count, 0) as early_leave_count,
        coalesce(activity.late_minutes_5plus, 0) as late_minutes_5plus
    from agent_months
    full outer join activity
        on
            agent_months.agent_id = activity.agent_id
            and agent_months.month = activity.month

),

final as (

    -- all seven are counts or sums: numerator = value, no denominator
    {{ indicator_rows('spine', indicators, entity_column='entity_id') }}

)

select * from final
