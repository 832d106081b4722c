-- Competency and attitude score (能力态度分, cpi_score, SPEC §5) per agent and month: the mean
-- score of each rater type over all its ratings of the agent-month (every rater and
-- competency pooled), then the weighted mean of those type means with the weights of the
-- seed rater_type_weights (supervisor 0.5, self 0.3, peer 0.2), re-normalized over the
-- rater types present: Σ weight × type mean ÷ Σ weight. numerator = Σ weight × type mean,
-- denominator = Σ weight of the types present; an agent-month without ratings has 0 ÷ 0,
-- so the score is NULL. A rating belongs to its `month` column: a month, not a timestamp,
-- so no time-zone conversion; month_of() only guards against a day other than the 1st.
-- One row for every agent-month of the employment spine and every rated agent-month. The
-- ratings and their weighted type means are int_ratings__contributions; this sums them per
-- agent and month. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(ratios=['cpi_score']) %}

with

contributions as (

    select * from {{ ref('int_ratings__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}
