-- Lineage of the survey indicators: csat_rate and survey_avg_rating list every survey of
-- the agent-month (their denominator), dissatisfied_count the surveys with rating <= 2,
-- and survey_response_rate both its numerator (the surveys) and its denominator (the
-- handled call legs, from the lineage of calls_handled), since neither contains the other.
{{ config(materialized='view') }}

with

surveys as (

    select * from {{ ref('stg_surveys__responses') }}

),

telephony_lineage as (

    select * from {{ ref('int_indicator_lineage__telephony') }}

),

survey_rows as (

    select
        agent_id as entity_id,
        'agent' as grain,
        {{ month_of('responded_at_local') }} as month,
        rating,
        row_key,
        source_file,
        source_line
    from surveys

),

contributing_rows as (

    select
        entity_id,
        grain,
        month,
        'csat_rate' as indicator_code,
        'stg_surveys__responses' as source_model,
        row_key,
        source_file,
        source_line
    from survey_rows
    union all
    select
        entity_id,
        grain,
        month,
        'dissatisfied_count' as indicator_code,
        'stg_surveys__responses' as source_model,
        row_key,
        source_file,
        source_line
    from survey_rows
    where rating <= 2
    union all
    select
        entity_id,
        grain,
        month,
        'survey_avg_rating' as indicator_code,
        'stg_surveys__responses' as source_model,
        row_key,
        source_file,
        source_line
    from survey_rows
    union all
    select
        entity_id,
        grain,
        month,
        'survey_response_rate' as indicator_code,
        'stg_surveys__responses' as source_model,
        row_key,
        source_file,
        source_line
    from survey_rows
    union all
    select
        entity_id,
        grain,
        month,
        'survey_response_rate' as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from telephony_lineage
    where indicator_code = 'calls_handled'

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from contributing_rows

)

select * from final
