-- Contributions of exam_score (docs/indicators.md, "Contributions"): one row per first
-- attempt at an exam (stg_exams__attempts with attempt = 1), in the month of
-- taken_at_local: numerator the score, denominator 1. Resits (补考, attempt 2+) neither
-- replace nor add to it and are not here; an exam whose first attempt is missing does not
-- count. Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

attempts as (

    select * from {{ ref('stg_exams__attempts') }}
    where attempt = 1 and {{ in_months_to_build(month_of('taken_at_local')) }}

),

final as (

    select
        cast('stg_exams__attempts' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        {{ month_of('taken_at_local') }} as month,
        exam_id,
        {{ exact_number('score') }} as exam_score__numerator,
        1 as exam_score__denominator
    from attempts

)

select * from final
order by month, agent_id
