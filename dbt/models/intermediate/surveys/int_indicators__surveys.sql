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
{%- set indicators = [
    {'code': 'csat_rate', 'numerator': 'satisfied', 'denominator': 'surveys'},
    {'code': 'survey_response_rate', 'numerator': 'surveys', 'denominator': 'calls_handled'},
    {'code': 'dissatisfied_count', 'numerator': 'dissatisfied'},
    {'code': 'survey_avg_rating', 'numerator': 'rating_sum', 'denominator': 'surveys'},
] %}

with

surveys as (

    select * from {{ ref('stg_surveys__responses') }}

),

telephony as (

    select * from {{ ref('int_indicators__telephony') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

survey_totals as (

    select
        agent_id,
        {{ month_of('responded_at_local') }} as month,
        count(*) as surveys,
        sum(case when rating >= 4 then 1 else 0 end) as satisfied,
        sum(case when rating <= 2 then 1 else 0 end) as dissatisfied,
        sum(rating) as rating_sum
    from surveys
    group by agent_id, {{ month_of('responded_at_local') }}

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
        coalesce(survey_totals.surveys, 0) as surveys,
        coalesce(survey_totals.satisfied, 0) as satisfied,
        coalesce(survey_totals.dissatisfied, 0) as dissatisfied,
        coalesce(survey_totals.rating_sum, 0) as rating_sum,
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
