-- Contributions of the survey indicators (docs/indicators.md, "Contributions"): one row per
-- survey answer (stg_surveys__responses), for the agent it is credited to, in the month of
-- its center-local responded_at.
-- * csat_rate: denominator 1, numerator 1 when rating >= 4.
-- * dissatisfied_count: 1 when rating <= 2.
-- * survey_avg_rating: numerator the rating, denominator 1.
-- * survey_response_rate: numerator 1 per survey. Its denominator is calls_handled of the
--   same agent-month, counted by the telephony family (int_telephony__contributions,
--   int_indicators__telephony): the survey is not matched to its call, so the call legs
--   are not rows of this family.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

surveys as (

    select * from {{ ref('stg_surveys__responses') }}
    where {{ in_months_to_build(month_of('responded_at_local')) }}

),

final as (

    select
        cast('stg_surveys__responses' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        {{ month_of('responded_at_local') }} as month,
        survey_id,
        case when rating >= 4 then 1 else 0 end as csat_rate__numerator,
        1 as csat_rate__denominator,
        1 as survey_response_rate__numerator,
        case when rating <= 2 then 1 end as dissatisfied_count__numerator,
        rating as survey_avg_rating__numerator,
        1 as survey_avg_rating__denominator
    from surveys

)

select * from final
order by month, agent_id
