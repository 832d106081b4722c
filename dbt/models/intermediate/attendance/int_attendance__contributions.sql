-- Contributions of the attendance indicators (docs/indicators.md, "Contributions"): one row
-- per shift that counts for any of them (stg_attendance__shifts with status present or
-- absent; leave and rest count for none), in the month of its work_date (SPEC §4).
-- * attendance_days / absence_days: 1 for a present / absent shift.
-- * late_count: 1 for a present shift with clock_in after shift_start; late_minutes: the
--   time late of that shift rounded up to whole minutes (61 s -> 2 min), from the
--   millisecond difference.
-- * early_leave_count: 1 for a present shift with clock_out before shift_end.
-- * late_minutes_5plus: the whole minutes late (as late_minutes) of a late shift whose
--   clock_in is at least 5 minutes (300 000 ms) after shift_start: exactly 5:00 late
--   counts (5 min), 4:59 late does not, 5:01 late counts 6 min.
-- * late_or_early_leave_count: 1 for a late shift, 1 for an early leave, 2 for a shift
--   that was both (the count is late_count + early_leave_count).
-- A missing clock_in / clock_out (or shift time) makes a shift neither late nor an early
-- leave: there is nothing to compare. Times are compared in UTC, where a difference is
-- elapsed time whatever the zone's rules. NULL: the shift does not count for that code.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

shifts as (

    select * from {{ ref('stg_attendance__shifts') }}
    where {{ in_months_to_build(month_of('work_date')) }}

),

classified as (

    select
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        work_date,
        {{ month_of('work_date') }} as month,
        coalesce(status = 'present', false) as is_present,
        coalesce(status = 'absent', false) as is_absent,
        coalesce(status = 'present' and clock_in_utc > shift_start_utc, false) as is_late,
        coalesce(status = 'present' and clock_out_utc < shift_end_utc, false) as is_early_leave,
        {{ dbt.datediff('shift_start_utc', 'clock_in_utc', 'millisecond') }} as late_milliseconds
    from shifts

),

final as (

    select
        cast('stg_attendance__shifts' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        work_date,
        case when is_present then 1 end as attendance_days__numerator,
        case when is_absent then 1 end as absence_days__numerator,
        case when is_late then 1 end as late_count__numerator,
        case
            when is_late then cast(ceil(late_milliseconds / 60000.0) as integer)
        end as late_minutes__numerator,
        case when is_early_leave then 1 end as early_leave_count__numerator,
        case
            when is_late and late_milliseconds >= 300000
                then cast(ceil(late_milliseconds / 60000.0) as integer)
        end as late_minutes_5plus__numerator,
        case
            when is_late or is_early_leave
                then
                    case when is_late then 1 else 0 end
                    + case when is_early_leave then 1 else 0 end
        end as late_or_early_leave_count__numerator
    from classified
    where is_present or is_absent

)

select * from final
order by month, agent_id
