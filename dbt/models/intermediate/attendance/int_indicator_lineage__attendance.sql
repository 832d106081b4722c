-- Lineage of int_indicators__attendance: the shifts of int_attendance__contributions behind
-- each agent-month value (attendance_days: present shifts; absence_days: absent shifts;
-- late_count, late_minutes: late shifts; early_leave_count: early leaves;
-- late_minutes_5plus: shifts at least 5 minutes late; late_or_early_leave_count: shifts
-- late or left early, a shift that was both listed once).
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=[
        'attendance_days', 'absence_days', 'late_count', 'late_minutes', 'early_leave_count',
        'late_minutes_5plus', 'late_or_early_leave_count',
    ],
) %}

with

contributions as (

    select * from {{ ref('int_attendance__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
