-- Attendance indicators per agent and month (SPEC §5); a shift belongs to the month of its
-- work_date (SPEC §4).
-- attendance_days / absence_days: shifts with status present / absent (leave and rest count
--   for neither).
-- late_count, late_minutes, early_leave_count, late_minutes_5plus,
--   late_or_early_leave_count: see int_attendance__contributions, which decides per shift
--   what counts (lateness by the millisecond, minutes rounded up, the 5-minute threshold);
--   this sums it per agent and month.
-- Rows: every agent-month of the employment spine, full-outer-joined with the agent-months
-- that have shifts. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=[
        'attendance_days', 'absence_days', 'late_count', 'late_minutes', 'early_leave_count',
        'late_minutes_5plus', 'late_or_early_leave_count',
    ],
) %}

with

contributions as (

    select * from {{ ref('int_attendance__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
