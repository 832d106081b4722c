-- Lineage of the survey indicators: the surveys of int_surveys__contributions behind each
-- agent-month value (csat_rate and survey_avg_rating: every survey, their denominator;
-- dissatisfied_count: the surveys with rating <= 2; survey_response_rate: every survey,
-- its numerator) and, for survey_response_rate's denominator, the handled call legs of
-- the agent-month, as the telephony family counts them for calls_handled
-- (int_telephony__contributions).
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['dissatisfied_count'],
    ratios=['csat_rate', 'survey_avg_rating'],
) %}
{%- set response_rate = contribution_indicators(ratios=['survey_response_rate']) %}

with

contributions as (

    select * from {{ ref('int_surveys__contributions') }}

),

telephony as (

    select * from {{ ref('int_telephony__contributions') }}

),

-- the handled legs of calls_handled, as survey_response_rate's denominator
handled_calls as (

    select
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        cast(null as integer) as survey_response_rate__numerator,
        calls_handled__numerator as survey_response_rate__denominator
    from telephony
    where calls_handled__numerator is not null

),

response_rate_rows as (

    select
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        survey_response_rate__numerator,
        cast(null as integer) as survey_response_rate__denominator
    from contributions
    union all
    select * from handled_calls

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

    union all

    {{ contribution_lineage('response_rate_rows', response_rate) }}

)

select * from final
