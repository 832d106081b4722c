-- Agent-grain survey indicators (SPEC §5), one row per agent-month and indicator, in the
-- long form of docs/indicators.md. A survey belongs to the agent it is credited to and to
-- the month of its center-local responded_at.
-- * csat_rate: surveys with rating >= 4 ÷ surveys.
-- * survey_response_rate: surveys ÷ calls_handled of the same agent-month (the value of
--   int_indicators__telephony). The survey is not matched to its call, so a survey answered
--   in the month after its call counts in its own month, and the ratio can exceed 1 when
--   an agent has very few calls.
-- * dissatisfied_count: surveys with rating <= 2.
-- * survey_avg_rating: Σ rating ÷ surveys (mean rating 1-5; NULL without surveys).
-- Every agent-month of the employment spine gets a row (no surveys: counts 0, csat NULL).
-- Which surveys count, and for what, is int_surveys__contributions; this sums them per
-- agent and month. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = [
    {'code': 'csat_rate', 'numerator': 'csat_rate__numerator',
     'denominator': 'csat_rate__denominator'},
    {'code': 'survey_response_rate', 'numerator': 'survey_response_rate__numerator',
     'denominator': 'calls_handled'},
    {'code': 'dissatisfied_count', 'numerator': 'dissatisfied_count__numerator'},
    {'code': 'survey_avg_rating', 'numerator': 'survey_avg_rating__numerator',
     'denominator': 'survey_avg_rating__denominator'},
] %}

with

contributions as (

    select * from {{ ref('int_surveys__contributions') }}
    where {{ in_months_to_build('month') }}

),

telephony as (

    select * from {{ ref('int_indicators__telephony') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

survey_totals as (

    select
        agent_id,
        month,
        sum(csat_rate__numerator) as csat_rate__numerator,
        sum(csat_rate__denominator) as csat_rate__denominator,
        sum(survey_response_rate__numerator) as survey_response_rate__numerator,
        sum(dissatisfied_count__numerator) as dissatisfied_count__numerator,
        sum(survey_avg_rating__numerator) as survey_avg_rating__numerator,
        sum(survey_avg_rating__denominator) as survey_avg_rating__denominator
    from contributions
    group by agent_id, month

),

handled as (

    select
        entity_id as agent_id,
        month,
        value as calls_handled
    from telephony
    where grain = 'agent' and indicator_code = 'calls_handled'

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
    from survey_totals
    union
    select
        agent_id,
        month
    from handled

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        coalesce(survey_totals.csat_rate__numerator, 0) as csat_rate__numerator,
        coalesce(survey_totals.csat_rate__denominator, 0) as csat_rate__denominator,
        coalesce(survey_totals.survey_response_rate__numerator, 0)
            as survey_response_rate__numerator,
        coalesce(survey_totals.dissatisfied_count__numerator, 0)
            as dissatisfied_count__numerator,
        coalesce(survey_totals.survey_avg_rating__numerator, 0)
            as survey_avg_rating__numerator,
        coalesce(survey_totals.survey_avg_rating__denominator, 0)
            as survey_avg_rating__denominator,
        coalesce(handled.calls_handled, 0) as calls_handled
    from agent_month_keys
    left join survey_totals
        on
            agent_month_keys.agent_id = survey_totals.agent_id
            and agent_month_keys.month = survey_totals.month
    left join handled
        on
            agent_month_keys.agent_id = handled.agent_id
            and agent_month_keys.month = handled.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final
