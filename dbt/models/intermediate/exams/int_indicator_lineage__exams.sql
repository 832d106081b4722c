-- Lineage of int_indicators__exams: the first attempts (int_exams__contributions) behind
-- each agent-month exam_score. Resits do not contribute and are not listed.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['exam_score']) %}

with

contributions as (

    select * from {{ ref('int_exams__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
