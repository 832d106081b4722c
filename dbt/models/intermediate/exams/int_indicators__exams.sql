-- Exam score per agent and month (SPEC §5): the mean, over the exams the agent first sat in
-- the month, of the first-attempt score. Only attempt = 1 counts; resits (补考, attempt 2+)
-- neither replace nor add to it, and an exam whose first attempt is missing does not count.
-- An attempt belongs to the month of taken_at_local. numerator = Σ first-attempt scores,
-- denominator = exams. Rows: every agent-month of the employment spine, full-outer-joined
-- with the agent-months that have a first attempt; with none the value is NULL.
{%- set indicators = [
    {'code': 'exam_score', 'numerator': 'score_sum', 'denominator': 'exams'},
] %}

with

attempts as (

    select * from {{ ref('stg_exams__attempts') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

first_attempts as (

    select
        agent_id,
        score,
        {{ month_of('taken_at_local') }} as month
    from attempts
    where attempt = 1

),

activity as (

    select
        agent_id,
        month,
        count(*) as exams,
        sum(score) as score_sum
    from first_attempts
    group by agent_id, month

),

spine as (

    select
        coalesce(agent_months.agent_id, activity.agent_id) as entity_id,
        coalesce(agent_months.month, activity.month) as month,
        coalesce(activity.exams, 0) as exams,
        coalesce(activity.score_sum, 0) as score_sum
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
