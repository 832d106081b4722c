-- QA indicators of the inspector (grain `evaluator`, entity = evaluator_id) per month
-- (SPEC §5).
-- qa_evaluations_done: every evaluation the inspector performed in the month of its
--   evaluated_at_local, calibration re-scores included (re-scoring is inspection work too).
-- qa_calibration_agreement: of the inspector's original evaluations (calibrates_evaluation_id
--   NULL) that have a calibration re-score, the share with |original - calibration| <=
--   var('qa_calibration_tolerance'). It belongs to the month of the ORIGINAL evaluation,
--   whenever the calibration was made. When an original was calibrated several times, the
--   latest calibration (evaluated_at, then evaluation_id) is the one compared. A calibration
--   of a calibration, or of an evaluation that is not loaded, calibrates no original and is
--   ignored here. The difference is compared at 4 decimals so that floating-point noise
--   (64.4 - 59.4 = 5.000000000000007) cannot turn an exact 5-point difference into a miss.
-- Rows: every agent-month of an agent whose role is qa_inspector, full-outer-joined with the
-- evaluator-months that have activity (evaluations done, or calibrated originals). Which
-- evaluations count, and for what, is int_qa_inspectors__contributions; this sums them per
-- inspector and month. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['qa_evaluations_done'],
    ratios=['qa_calibration_agreement'],
) %}

with

contributions as (

    select * from {{ ref('int_qa_inspectors__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

inspector_months as (

    select
        agent_id as evaluator_id,
        month
    from agent_months
    where role = 'qa_inspector'

),

activity as (

    select
        evaluator_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    group by evaluator_id, month

),

measures as (

    select
        coalesce(inspector_months.evaluator_id, activity.evaluator_id) as entity_id,
        coalesce(inspector_months.month, activity.month) as month,
        {{- contribution_totals(indicators, 'activity') }}
    from inspector_months
    full outer join activity
        on
            inspector_months.evaluator_id = activity.evaluator_id
            and inspector_months.month = activity.month

),

final as (

    {{ indicator_rows('measures', indicators, entity_column='entity_id', grain='evaluator') }}

)

select * from final
