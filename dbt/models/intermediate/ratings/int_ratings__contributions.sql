-- Contributions of cpi_score (能力态度分, docs/indicators.md, "Contributions"): one row per
-- rating (stg_ratings__ratings) whose rater type has a weight in the seed
-- rater_type_weights, in its `month` (a month, not a timestamp: no time-zone conversion;
-- month_of() only guards against a day other than the 1st).
-- cpi_score = Σ weight × (mean score of the rater type) ÷ Σ weight of the rater types
-- present: a weighted mean of means, not a sum over ratings. So the contribution of a
-- rater type sits on one of its ratings, the first by (rater_id, competency, row_key):
-- numerator weight × the type's mean score (an exact decimal, cut once to 10 places as
-- exact_number() does), denominator the weight. The type's other ratings count (they are
-- in the mean, and listed in the lineage) with numerator and denominator 0.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

ratings as (

    select * from {{ ref('stg_ratings__ratings') }}
    where {{ in_months_to_build(month_of('month')) }}

),

rater_type_weights as (

    select * from {{ ref('rater_type_weights') }}

),

weighted_ratings as (

    -- rater types come from accepted values that the seed covers (tested on both sides)
    select
        ratings.row_key,
        ratings.source_file,
        ratings.source_line,
        ratings.load_id,
        ratings.agent_id,
        {{ month_of('ratings.month') }} as month,
        ratings.rater_type,
        rater_type_weights.weight,
        {{ exact_number(
            'avg(ratings.score) over (partition by ratings.agent_id, '
            ~ month_of('ratings.month') ~ ', ratings.rater_type)'
        ) }} as rater_type_mean_score,
        row_number() over (
            partition by ratings.agent_id, {{ month_of('ratings.month') }}, ratings.rater_type
            order by ratings.rater_id, ratings.competency, ratings.row_key
        ) as rater_type_rank
    from ratings
    inner join rater_type_weights
        on ratings.rater_type = rater_type_weights.rater_type

),

final as (

    select
        cast('stg_ratings__ratings' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        rater_type,
        case
            when rater_type_rank = 1 then weight * rater_type_mean_score
            else 0
        end as cpi_score__numerator,
        case when rater_type_rank = 1 then weight else 0 end as cpi_score__denominator
    from weighted_ratings

)

select * from final
order by month, agent_id
