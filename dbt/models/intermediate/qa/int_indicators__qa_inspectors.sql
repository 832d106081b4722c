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
-- evaluator-months that have activity (evaluations done, or calibrated originals).
{%- set indicators = [
    {'code': 'qa_evaluations_done', 'numerator': 'evaluations_done'},
    {
        'code': 'qa_calibration_agreement',
        'numerator': 'agreeing_evaluations',
        'denominator': 'calibrated_evaluations',
    },
] %}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

inspector_months as (

    select
        agent_id as evaluator_id,
        month
    from agent_months
    where role = 'qa_inspector'

),

evaluations_done as (

    select
        evaluator_id,
        {{ month_of('evaluated_at_local') }} as month,
        count(*) as evaluations_done
    from evaluations
    group by evaluator_id, {{ month_of('evaluated_at_local') }}

),

originals as (

    select
        evaluation_id,
        evaluator_id,
        score,
        {{ month_of('evaluated_at_local') }} as month
    from evaluations
    where calibrates_evaluation_id is null

),

ranked_calibrations as (

    select
        calibrates_evaluation_id,
        score,
        row_number() over (
            partition by calibrates_evaluation_id
            order by evaluated_at_utc desc, evaluation_id desc
        ) as calibration_rank
    from evaluations
    where calibrates_evaluation_id is not null

),

latest_calibrations as (

    select
        calibrates_evaluation_id,
        score
    from ranked_calibrations
    where calibration_rank = 1

),

calibrated_originals as (

    select
        originals.evaluator_id,
        originals.month,
        cast(abs(originals.score - latest_calibrations.score) as decimal(9, 4))
        <= {{ var('qa_calibration_tolerance') }} as is_agreement
    from originals
    inner join latest_calibrations
        on originals.evaluation_id = latest_calibrations.calibrates_evaluation_id

),

agreement as (

    select
        evaluator_id,
        month,
        count(*) as calibrated_evaluations,
        sum(case when is_agreement then 1 else 0 end) as agreeing_evaluations
    from calibrated_originals
    group by evaluator_id, month

),

activity_months as (

    select
        evaluator_id,
        month
    from evaluations_done

    union

    select
        evaluator_id,
        month
    from agreement

),

spine as (

    select
        coalesce(inspector_months.evaluator_id, activity_months.evaluator_id) as entity_id,
        coalesce(inspector_months.month, activity_months.month) as month
    from inspector_months
    full outer join activity_months
        on
            inspector_months.evaluator_id = activity_months.evaluator_id
            and inspector_months.month = activity_months.month

),

measures as (

    select
        spine.entity_id,
        spine.month,
        coalesce(evaluations_done.evaluations_done, 0) as evaluations_done,
        coalesce(agreement.calibrated_evaluations, 0) as calibrated_evaluations,
        coalesce(agreement.agreeing_evaluations, 0) as agreeing_evaluations
    from spine
    left join evaluations_done
        on
            spine.entity_id = evaluations_done.evaluator_id
            and spine.month = evaluations_done.month
    left join agreement
        on
            spine.entity_id = agreement.evaluator_id
            and spine.month = agreement.month

),

final as (

    {{ indicator_rows('measures', indicators, entity_column='entity_id', grain='evaluator') }}

)

select * from final
