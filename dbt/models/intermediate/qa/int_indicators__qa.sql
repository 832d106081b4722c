-- QA indicators of the evaluated agent per month (SPEC §5): qa_avg_score, qa_pass_rate and
-- qa_fatal_count. An evaluation belongs to its agent_id and to the month of
-- evaluated_at_local. Calibration re-scores (calibrates_evaluation_id set) are a second
-- opinion on an evaluation that is already counted, so all three indicators exclude them.
-- Pass = score >= var('qa_pass_score') and no fatal error. A NULL has_fatal_error means
-- "not recorded" and counts as no fatal error: it neither fails the evaluation nor adds to
-- qa_fatal_count. Rows: every agent-month of the employment spine, full-outer-joined with
-- the agent-months that have evaluations; with no evaluations the count is 0 and the
-- average and the rate are NULL (numerator and denominator 0).
{%- set indicators = [
    {'code': 'qa_avg_score', 'numerator': 'score_sum', 'denominator': 'evaluations'},
    {'code': 'qa_pass_rate', 'numerator': 'passed_evaluations', 'denominator': 'evaluations'},
    {'code': 'qa_fatal_count', 'numerator': 'fatal_evaluations'},
] %}

with

evaluations as (

    select * from {{ ref('stg_qa_evaluations__evaluations') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

agent_evaluations as (

    select
        agent_id,
        score,
        {{ month_of('evaluated_at_local') }} as month,
        coalesce(has_fatal_error, false) as has_fatal_error
    from evaluations
    where calibrates_evaluation_id is null

),

activity as (

    select
        agent_id,
        month,
        count(*) as evaluations,
        sum(score) as score_sum,
        sum(
            case
                when score >= {{ var('qa_pass_score') }} and not has_fatal_error then 1
                else 0
            end
        ) as passed_evaluations,
        sum(case when has_fatal_error then 1 else 0 end) as fatal_evaluations
    from agent_evaluations
    group by agent_id, month

),

spine as (

    select
        coalesce(agent_months.agent_id, activity.agent_id) as entity_id,
        coalesce(agent_months.month, activity.month) as month,
        coalesce(activity.evaluations, 0) as evaluations,
        coalesce(activity.score_sum, 0) as score_sum,
        coalesce(activity.passed_evaluations, 0) as passed_evaluations,
        coalesce(activity.fatal_evaluations, 0) as fatal_evaluations
    from agent_months
    full outer join activity
        on
            agent_months.agent_id = activity.agent_id
            and agent_months.month = activity.month

),

final as (

    {{ indicator_rows('spine', indicators, entity_column='entity_id') }}

)

select * from final
