-- Lineage of int_indicators__qa: the evaluations behind each agent-month value.
-- qa_avg_score and qa_pass_rate: every evaluation of the agent in the month (their
-- denominator); qa_fatal_count: the evaluations with a fatal error. Calibration re-scores
-- are excluded as in the value model, and a NULL has_fatal_error is not a fatal error.
{{ config(materialized='view') }}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

agent_evaluations as (

    select
        agent_id,
        row_key,
        source_file,
        source_line,
        {{ month_of('evaluated_at_local') }} as month,
        coalesce(has_fatal_error, false) as has_fatal_error
    from evaluations
    where calibrates_evaluation_id is null

),

contributions as (

    select
        agent_id as entity_id,
        month,
        'qa_avg_score' as indicator_code,
        row_key,
        source_file,
        source_line
    from agent_evaluations

    union all

    select
        agent_id as entity_id,
        month,
        'qa_pass_rate' as indicator_code,
        row_key,
        source_file,
        source_line
    from agent_evaluations

    union all

    select
        agent_id as entity_id,
        month,
        'qa_fatal_count' as indicator_code,
        row_key,
        source_file,
        source_line
    from agent_evaluations
    where has_fatal_error

),

final as (

    select
        cast(entity_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast(indicator_code as varchar) as indicator_code,
        cast('stg_qa_evaluations__evaluations' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from contributions

)

select * from final
