-- Lineage of int_indicators__qa_inspectors: the evaluations behind each inspector-month value.
-- qa_evaluations_done: every evaluation the inspector performed (calibration re-scores
-- included), in the month of its evaluated_at_local.
-- qa_calibration_agreement: each calibrated original evaluation of the inspector (the
-- denominator) AND the latest calibration re-score it was compared with, both listed under
-- the inspector and the month of the original: the value depends on both rows, so an
-- auditor needs both (file, line). The calibration's evaluator may be another inspector.
{{ config(materialized='view') }}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

originals as (

    select
        evaluation_id,
        evaluator_id,
        row_key,
        source_file,
        source_line,
        {{ month_of('evaluated_at_local') }} as month
    from evaluations
    where calibrates_evaluation_id is null

),

ranked_calibrations as (

    select
        calibrates_evaluation_id,
        row_key,
        source_file,
        source_line,
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
        row_key,
        source_file,
        source_line
    from ranked_calibrations
    where calibration_rank = 1

),

contributions as (

    select
        evaluator_id as entity_id,
        'qa_evaluations_done' as indicator_code,
        row_key,
        source_file,
        source_line,
        {{ month_of('evaluated_at_local') }} as month
    from evaluations

    union all

    select
        originals.evaluator_id as entity_id,
        'qa_calibration_agreement' as indicator_code,
        originals.row_key,
        originals.source_file,
        originals.source_line,
        originals.month
    from originals
    inner join latest_calibrations
        on originals.evaluation_id = latest_calibrations.calibrates_evaluation_id

    union all

    select
        originals.evaluator_id as entity_id,
        'qa_calibration_agreement' as indicator_code,
        latest_calibrations.row_key,
        latest_calibrations.source_file,
        latest_calibrations.source_line,
        originals.month
    from originals
    inner join latest_calibrations
        on originals.evaluation_id = latest_calibrations.calibrates_evaluation_id

),

final as (

    select
        cast(entity_id as varchar) as entity_id,
        cast('evaluator' as varchar) as grain,
        cast(month as date) as month,
        cast(indicator_code as varchar) as indicator_code,
        cast('stg_qa_evaluations__evaluations' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from contributions

)

select * from final
