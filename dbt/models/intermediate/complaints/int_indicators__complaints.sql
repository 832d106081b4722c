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
-- that have complaints as subject or as handler.
{%- set indicators = [
    {'code': 'valid_complaints', 'numerator': 'valid_complaints'},
    {'code': 'repeat_complaints', 'numerator': 'repeat_complaints'},
    {'code': 'escalated_complaints', 'numerator': 'escalated_complaints'},
    {
        'code': 'complaint_timely_rate',
        'numerator': 'timely_complaints',
        'denominator': 'handled_complaints',
    },
] %}

with

complaints as (

    select * from {{ ref('stg_complaints__complaints') }}

),

calendar_days as (

    select * from {{ ref('int_calendar__days') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

subject_activity as (

    select
        subject_agent_id as agent_id,
        {{ month_of('received_at_local') }} as month,
        count(*) as valid_complaints,
        sum(case when is_repeat then 1 else 0 end) as repeat_complaints,
        sum(case when is_escalated then 1 else 0 end) as escalated_complaints
    from complaints
    where is_valid and subject_agent_id is not null
    group by subject_agent_id, {{ month_of('received_at_local') }}

),

handled_complaints as (

    select
        complaints.handler_agent_id as agent_id,
        {{ month_of('complaints.received_at_local') }} as month,
        coalesce(
            cast(complaints.resolved_at_local as date) <= calendar_days.next_working_day,
            false
        ) as is_timely
    from complaints
    left join calendar_days
        on cast(complaints.received_at_local as date) = calendar_days.calendar_date
    where complaints.handler_agent_id is not null

),

handler_activity as (

    select
        agent_id,
        month,
        count(*) as handled_complaints,
        sum(case when is_timely then 1 else 0 end) as timely_complaints
    from handled_complaints
    group by agent_id, month

),

activity_months as (

    select
        agent_id,
        month
    from subject_activity

    union

    select
        agent_id,
        month
    from handler_activity

),

spine as (

    select
        coalesce(agent_months.agent_id, activity_months.agent_id) as entity_id,
        coalesce(agent_months.month, activity_months.month) as month
    from agent_months
    full outer join activity_months
        on
            agent_months.agent_id = activity_months.agent_id
            and agent_months.month = activity_months.month

),

measures as (

    select
        spine.entity_id,
        spine.month,
        coalesce(subject_activity.valid_complaints, 0) as valid_complaints,
        coalesce(subject_activity.repeat_complaints, 0) as repeat_complaints,
        coalesce(subject_activity.escalated_complaints, 0) as escalated_complaints,
        coalesce(handler_activity.handled_complaints, 0) as handled_complaints,
        coalesce(handler_activity.timely_complaints, 0) as timely_complaints
    from spine
    left join subject_activity
        on
            spine.entity_id = subject_activity.agent_id
            and spine.month = subject_activity.month
    left join handler_activity
        on
            spine.entity_id = handler_activity.agent_id
            and spine.month = handler_activity.month

),

final as (

    {{ indicator_rows('measures', indicators, entity_column='entity_id') }}

)

select * from final
