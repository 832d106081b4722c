-- Contributions of the agent-grain QA indicators (docs/indicators.md, "Contributions"):
-- one row per evaluation of an agent's contact (stg_qa_evaluations__evaluations) in the
-- month of evaluated_at_local, for the evaluated agent. Calibration re-scores
-- (calibrates_evaluation_id set) are a second opinion on an evaluation that already counts,
-- so they count for none of the three and are not here.
-- * qa_avg_score: numerator the score, denominator 1.
-- * qa_pass_rate: denominator 1, numerator 1 when score >= var('qa_pass_score') and no
--   fatal error.
-- * qa_fatal_count: 1 for an evaluation with a fatal error. A NULL has_fatal_error means
--   "not recorded": no fatal error (NULL here: it does not count).
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}
    where
        calibrates_evaluation_id is null
        and {{ in_months_to_build(month_of('evaluated_at_local')) }}

),

final as (

    select
        cast('stg_qa_evaluations__evaluations' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        {{ month_of('evaluated_at_local') }} as month,
        evaluation_id,
        {{ exact_number('score') }} as qa_avg_score__numerator,
        1 as qa_avg_score__denominator,
        case
            when
                score >= {{ var('qa_pass_score') }} and not coalesce(has_fatal_error, false)
                then 1
            else 0
        end as qa_pass_rate__numerator,
        1 as qa_pass_rate__denominator,
        case when coalesce(has_fatal_error, false) then 1 end as qa_fatal_count__numerator
    from evaluations

)

select * from final
order by month, agent_id
