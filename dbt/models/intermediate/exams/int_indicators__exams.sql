-- Exam score per agent and month (SPEC §5): the mean, over the exams the agent first sat in
-- the month, of the first-attempt score. Only attempt = 1 counts; resits (补考, attempt 2+)
-- neither replace nor add to it, and an exam whose first attempt is missing does not count.
-- An attempt belongs to the month of taken_at_local. numerator = Σ first-attempt scores,
-- denominator = exams. Rows: every agent-month of the employment spine, full-outer-joined
-- with the agent-months that have a first attempt; with none the value is NULL. The first
-- attempts are int_exams__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(ratios=['exam_score']) %}

with

contributions as (

    select * from {{ ref('int_exams__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
