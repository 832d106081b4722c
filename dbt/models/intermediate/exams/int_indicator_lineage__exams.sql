-- Lineage of int_indicators__exams: the first attempts (attempt = 1) behind each agent-month
-- exam_score, in the month of taken_at_local. Resits do not contribute and are not listed.
{{ config(materialized='view') }}

with

attempts as (

    select * from {{ ref('stg_exams__attempts') }}

),

first_attempts as (

    select
        agent_id,
        row_key,
        source_file,
        source_line,
        {{ month_of('taken_at_local') }} as month
    from attempts
    where attempt = 1

),

final as (

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('exam_score' as varchar) as indicator_code,
        cast('stg_exams__attempts' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from first_attempts

)

select * from final
