-- Lineage of int_indicators__complaints: the complaints of int_complaints__contributions
-- behind each agent-month value. valid_complaints: the valid complaints about the agent;
-- repeat_complaints and escalated_complaints: those of them flagged repeat / escalated;
-- complaint_timely_rate: every complaint the agent handled (its denominator).
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['valid_complaints', 'repeat_complaints', 'escalated_complaints'],
    ratios=['complaint_timely_rate'],
) %}

with

contributions as (

    select * from {{ ref('int_complaints__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
