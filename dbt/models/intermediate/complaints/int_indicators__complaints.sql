-- Complaint indicators per agent and month (SPEC §5); a complaint belongs to the month of
-- received_at_local.
-- valid_complaints, repeat_complaints, escalated_complaints: complaints with is_valid about
--   the agent (subject_agent_id), of those the ones with is_repeat / is_escalated TRUE (NULL
--   = not recorded = not counted).
-- complaint_timely_rate: of the complaints the agent handled (handler_agent_id), valid or
--   not (handling an invalid complaint is work too), the share resolved by the end of the
--   next working day after the center-local receipt date (int_calendar__days
--   .next_working_day, so weekends, holidays and make-up workdays count as the calendar
--   says). "By the end of" that day = before the following midnight, i.e. the local
--   resolution date is on or before it. An unresolved complaint is not timely: it stays in
--   the denominator (in an open month it may still become timely on a later build).
-- Rows: every agent-month of the employment spine, full-outer-joined with the agent-months
-- that have complaints as subject or as handler. Which complaints count, and for whom,
-- is int_complaints__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['valid_complaints', 'repeat_complaints', 'escalated_complaints'],
    ratios=['complaint_timely_rate'],
) %}

with

contributions as (

    select * from {{ ref('int_complaints__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
