-- Contributions of the QA inspectors' indicators (grain evaluator, docs/indicators.md,
-- "Contributions"): one row per evaluation and inspector-month it counts for.
-- * qa_evaluations_done: 1 for every evaluation (calibration re-scores included:
--   re-scoring is inspection work too), for its evaluator, in the month of its
--   evaluated_at_local.
-- * qa_calibration_agreement: for each original evaluation (calibrates_evaluation_id NULL)
--   that has a calibration re-score, for its evaluator and in its month (the month of the
--   ORIGINAL, whenever the calibration was made): denominator 1, numerator 1 when
--   |original − calibration| <= var('qa_calibration_tolerance'), compared at 4 decimals so
--   floating-point noise cannot turn an exact 5-point difference into a miss. The latest
--   calibration (evaluated_at, then evaluation_id) is the one compared; it is listed too,
--   under the same inspector and month, with numerator and denominator 0: the value
--   depends on both rows, so an auditor sees both. The calibration's evaluator may be
--   another inspector. A calibration of a calibration, or of an evaluation that is not
--   loaded, calibrates no original and counts only as an evaluation done.
-- A row that counts twice for the same inspector and month (an original calibrated in the
-- month it was made, by its own inspector) is one row with both contributions.
-- Incremental by month (docs/incremental.md); stored in (month, evaluator_id) order.
{{ config(**incremental_by_month()) }}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

originals as (

    select
        evaluation_id,
        evaluator_id,
        score,
        row_key,
        source_file,
        source_line,
        load_id,
        {{ month_of('evaluated_at_local') }} as month
    from evaluations
    where
        calibrates_evaluation_id is null
        and {{ in_months_to_build(month_of('evaluated_at_local')) }}

),

ranked_calibrations as (

    select
        evaluation_id,
        calibrates_evaluation_id,
        score,
        row_key,
        source_file,
        source_line,
        load_id,
        row_number() over (
            partition by calibrates_evaluation_id
            order by evaluated_at_utc desc, evaluation_id desc
        ) as calibration_rank
    from evaluations
    where calibrates_evaluation_id is not null

),

latest_calibrations as (

    select
        evaluation_id,
        calibrates_evaluation_id,
        score,
        row_key,
        source_file,
        source_line,
        load_id
    from ranked_calibrations
    where calibration_rank = 1

),

evaluations_done as (

    select
        evaluation_id,
        row_key,
        source_file,
        source_line,
        load_id,
        evaluator_id,
        {{ month_of('evaluated_at_local') }} as month,
        1 as qa_evaluations_done__numerator,
        cast(null as integer) as qa_calibration_agreement__numerator,
        cast(null as integer) as qa_calibration_agreement__denominator
    from evaluations
    where {{ in_months_to_build(month_of('evaluated_at_local')) }}

),

calibrated_originals as (

    select
        originals.evaluation_id,
        originals.row_key,
        originals.source_file,
        originals.source_line,
        originals.load_id,
        originals.evaluator_id,
        originals.month,
        cast(null as integer) as qa_evaluations_done__numerator,
        case
            when
                cast(abs(originals.score - latest_calibrations.score) as decimal(9, 4))
                <= {{ var('qa_calibration_tolerance') }}
                then 1
            else 0
        end as qa_calibration_agreement__numerator,
        1 as qa_calibration_agreement__denominator
    from originals
    inner join latest_calibrations
        on originals.evaluation_id = latest_calibrations.calibrates_evaluation_id

),

compared_calibrations as (

    select
        latest_calibrations.evaluation_id,
        latest_calibrations.row_key,
        latest_calibrations.source_file,
        latest_calibrations.source_line,
        latest_calibrations.load_id,
        originals.evaluator_id,
        originals.month,
        cast(null as integer) as qa_evaluations_done__numerator,
        0 as qa_calibration_agreement__numerator,
        0 as qa_calibration_agreement__denominator
    from originals
    inner join latest_calibrations
        on originals.evaluation_id = latest_calibrations.calibrates_evaluation_id

),

attributions as (

    select * from evaluations_done
    union all
    select * from calibrated_originals
    union all
    select * from compared_calibrations

),

final as (

    select
        cast('stg_qa_evaluations__evaluations' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        evaluation_id,
        evaluator_id,
        month,
        sum(qa_evaluations_done__numerator) as qa_evaluations_done__numerator,
        sum(qa_calibration_agreement__numerator) as qa_calibration_agreement__numerator,
        sum(qa_calibration_agreement__denominator) as qa_calibration_agreement__denominator
    from attributions
    group by row_key, source_file, source_line, load_id, evaluation_id, evaluator_id, month

)

select * from final
order by month, evaluator_id
