-- Lineage of int_indicators__qa: the evaluations of int_qa__contributions behind each
-- agent-month value. qa_avg_score and qa_pass_rate: every evaluation of their denominator
-- (calibration re-scores excluded); qa_fatal_count: the evaluations with a fatal error.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['qa_fatal_count'],
    ratios=['qa_avg_score', 'qa_pass_rate'],
) %}

with

contributions as (

    select * from {{ ref('int_qa__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
