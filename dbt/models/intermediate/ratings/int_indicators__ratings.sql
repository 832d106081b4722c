-- Competency and attitude score (能力态度分, cpi_score, SPEC §5) per agent and month: the mean
-- score of each rater type over all its ratings of the agent-month (every rater and
-- competency pooled), then the weighted mean of those type means with the weights of the
-- seed rater_type_weights (supervisor 0.5, self 0.3, peer 0.2), re-normalized over the
-- rater types present: Σ weight × type mean ÷ Σ weight. numerator = Σ weight × type mean,
-- denominator = Σ weight of the types present; an agent-month without ratings has 0 ÷ 0,
-- so the score is NULL. A rating belongs to its `month` column: a month, not a timestamp,
-- so no time-zone conversion; month_of() only guards against a day other than the 1st.
-- One row for every agent-month of the employment spine and every rated agent-month.
{%- set indicators = [
    {'code': 'cpi_score', 'numerator': 'weighted_score_sum', 'denominator': 'weight_sum'},
] %}

with

ratings as (

    select * from {{ ref('stg_ratings__ratings') }}

),

rater_type_weights as (

    select * from {{ ref('rater_type_weights') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

rater_type_means as (

    select
        agent_id,
        rater_type,
        {{ month_of('month') }} as month,
        {{ exact_number('avg(score)') }} as mean_score
    from ratings
    group by agent_id, rater_type, {{ month_of('month') }}

),

weighted_scores as (

    -- rater types come from accepted values that the seed covers (tested on both sides)
    select
        rater_type_means.agent_id,
        rater_type_means.month,
        sum(rater_type_weights.weight * rater_type_means.mean_score) as weighted_score_sum,
        sum(rater_type_weights.weight) as weight_sum
    from rater_type_means
    inner join rater_type_weights
        on rater_type_means.rater_type = rater_type_weights.rater_type
    group by rater_type_means.agent_id, rater_type_means.month

),

agent_month_keys as (

    select
        agent_id,
        month
    from agent_months
    union
    select
        agent_id,
        month
    from weighted_scores

),

agent_month_values as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(weighted_scores.weighted_score_sum, 0) as weighted_score_sum,
        coalesce(weighted_scores.weight_sum, 0) as weight_sum
    from agent_month_keys
    left join weighted_scores
        on
            agent_month_keys.agent_id = weighted_scores.agent_id
            and agent_month_keys.month = weighted_scores.month

),

final as (

    {{ indicator_rows('agent_month_values', indicators) }}

)

select * from final
