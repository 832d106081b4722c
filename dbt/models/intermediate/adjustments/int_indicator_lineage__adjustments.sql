-- Lineage of int_indicators__adjustments: the events of int_adjustments__contributions
-- behind each agent-month value. bonus_points: the praise events; penalty_points: the
-- violation, work_error and service_error events, including those without points;
-- work_error_count / service_error_count: the events of kind work_error / service_error.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['bonus_points', 'penalty_points', 'work_error_count', 'service_error_count'],
) %}

with

contributions as (

    select * from {{ ref('int_adjustments__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
