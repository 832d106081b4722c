-- Contributions of the complaint indicators (docs/indicators.md, "Contributions"): one row
-- per complaint (stg_complaints__complaints) and agent it counts for, in the month of
-- received_at_local (SPEC §4).
-- * For its subject (subject_agent_id), a valid complaint (is_valid): valid_complaints 1;
--   repeat_complaints / escalated_complaints 1 when is_repeat / is_escalated is TRUE
--   (NULL = not recorded = not counted). Invalid complaints count for none of the three.
-- * For its handler (handler_agent_id), any complaint, valid or not (handling an invalid
--   complaint is work too): complaint_timely_rate denominator 1, numerator 1 when it was
--   resolved by the end of the next working day after the center-local receipt date
--   (int_calendar__days.next_working_day: weekends, holidays and make-up workdays as the
--   calendar says; "by the end of" that day = the local resolution date is on or before
--   it). An unresolved complaint is not timely: it stays in the denominator.
-- A complaint whose subject is its handler is one row with both contributions.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

complaints as (

    select * from {{ ref('stg_complaints__complaints') }}
    where {{ in_months_to_build(month_of('received_at_local')) }}

),

calendar_days as (

    select * from {{ ref('int_calendar__days') }}

),

subject_rows as (

    select
        row_key,
        source_file,
        source_line,
        load_id,
        complaint_id,
        subject_agent_id as agent_id,
        {{ month_of('received_at_local') }} as month,
        1 as valid_complaints__numerator,
        case when is_repeat then 1 end as repeat_complaints__numerator,
        case when is_escalated then 1 end as escalated_complaints__numerator,
        cast(null as integer) as complaint_timely_rate__numerator,
        cast(null as integer) as complaint_timely_rate__denominator
    from complaints
    where is_valid and subject_agent_id is not null

),

handler_rows as (

    select
        complaints.row_key,
        complaints.source_file,
        complaints.source_line,
        complaints.load_id,
        complaints.complaint_id,
        complaints.handler_agent_id as agent_id,
        {{ month_of('complaints.received_at_local') }} as month,
        cast(null as integer) as valid_complaints__numerator,
        cast(null as integer) as repeat_complaints__numerator,
        cast(null as integer) as escalated_complaints__numerator,
        case
            when
                coalesce(
                    cast(complaints.resolved_at_local as date) <= calendar_days.next_working_day,
                    false
                )
                then 1
            else 0
        end as complaint_timely_rate__numerator,
        1 as complaint_timely_rate__denominator
    from complaints
    left join calendar_days
        on cast(complaints.received_at_local as date) = calendar_days.calendar_date
    where complaints.handler_agent_id is not null

),

attributions as (

    select * from subject_rows
    union all
    select * from handler_rows

),

final as (

    select
        cast('stg_complaints__complaints' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        complaint_id,
        agent_id,
        month,
        sum(valid_complaints__numerator) as valid_complaints__numerator,
        sum(repeat_complaints__numerator) as repeat_complaints__numerator,
        sum(escalated_complaints__numerator) as escalated_complaints__numerator,
        sum(complaint_timely_rate__numerator) as complaint_timely_rate__numerator,
        sum(complaint_timely_rate__denominator) as complaint_timely_rate__denominator
    from attributions
    group by row_key, source_file, source_line, load_id, complaint_id, agent_id, month

)

select * from final
order by month, agent_id
