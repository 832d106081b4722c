-- Lineage of int_indicators__attendance: the shifts behind each agent-month value.
-- attendance_days: present shifts; absence_days: absent shifts; late_count and late_minutes:
-- present shifts with clock_in after shift_start; early_leave_count: present shifts with
-- clock_out before shift_end; late_minutes_5plus: present shifts with clock_in at least
-- 5 minutes after shift_start; late_or_early_leave_count: shifts late or left early (a shift
-- that was both is listed once). Month of work_date, as in the value model.
{{ config(materialized='view') }}

with

shifts as (

    select * from {{ ref('stg_attendance__shifts') }}

),

classified as (

    select
        agent_id,
        row_key,
        source_file,
        source_line,
        {{ month_of('work_date') }} as month,
        coalesce(status = 'present', false) as is_present,
        coalesce(status = 'absent', false) as is_absent,
        coalesce(status = 'present' and clock_in_utc > shift_start_utc, false) as is_late,
        coalesce(status = 'present' and clock_out_utc < shift_end_utc, false) as is_early_leave,
        coalesce(
            status = 'present'
            and clock_in_utc > shift_start_utc
            and {{ dbt.datediff('shift_start_utc', 'clock_in_utc', 'millisecond') }} >= 300000,
            false
        ) as is_late_5plus
    from shifts

),

contributions as (

    select
        agent_id as entity_id,
        month,
        'attendance_days' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_present

    union all

    select
        agent_id as entity_id,
        month,
        'absence_days' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_absent

    union all

    select
        agent_id as entity_id,
        month,
        'late_count' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_late

    union all

    select
        agent_id as entity_id,
        month,
        'late_minutes' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_late

    union all

    select
        agent_id as entity_id,
        month,
        'early_leave_count' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_early_leave

    union all

    select
        agent_id as entity_id,
        month,
        'late_minutes_5plus' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_late_5plus

    union all

    select
        agent_id as entity_id,
        month,
        'late_or_early_leave_count' as indicator_code,
        row_key,
        source_file,
        source_line
    from classified
    where is_late or is_early_leave

),

final as (

    select
        cast(entity_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast(indicator_code as varchar) as indicator_code,
        cast('stg_attendance__shifts' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from contributions

)

select * from final
