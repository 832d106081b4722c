-- Lineage of int_indicators__qa_inspectors: the evaluations of
-- int_qa_inspectors__contributions behind each inspector-month value.
-- qa_evaluations_done: every evaluation the inspector performed (calibration re-scores
-- included); qa_calibration_agreement: each calibrated original evaluation of the inspector
-- (the denominator) and the latest calibration re-score it was compared with, both under
-- the inspector and the month of the original.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['qa_evaluations_done'],
    ratios=['qa_calibration_agreement'],
) %}

with

contributions as (

    select * from {{ ref('int_qa_inspectors__contributions') }}

),

final as (

    {{ contribution_lineage(
        'contributions', indicators, entity_column='evaluator_id', grain='evaluator'
    ) }}

)

select * from final
