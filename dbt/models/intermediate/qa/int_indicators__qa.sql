-- QA indicators of the evaluated agent per month (SPEC §5): qa_avg_score, qa_pass_rate and
-- qa_fatal_count. An evaluation belongs to its agent_id and to the month of
-- evaluated_at_local. Calibration re-scores (calibrates_evaluation_id set) are a second
-- opinion on an evaluation that is already counted, so all three indicators exclude them.
-- Pass = score >= var('qa_pass_score') and no fatal error. A NULL has_fatal_error means
-- "not recorded" and counts as no fatal error: it neither fails the evaluation nor adds to
-- qa_fatal_count. Rows: every agent-month of the employment spine, full-outer-joined with
-- the agent-months that have evaluations; with no evaluations the count is 0 and the
-- average and the rate are NULL (numerator and denominator 0). Which evaluations count,
-- and for what, is int_qa__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['qa_fatal_count'],
    ratios=['qa_avg_score', 'qa_pass_rate'],
) %}

with

contributions as (

    select * from {{ ref('int_qa__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
