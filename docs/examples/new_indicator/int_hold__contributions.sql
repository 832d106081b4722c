-- Contributions of avg_hold_seconds (平均保持时长): one row per handled call leg (answered
-- inbound, with an agent) of int_calls__classified, in the month of its local offered_at:
-- numerator its hold seconds (a missing hold counts 0), denominator 1. A worked example of
-- adding an indicator (docs/indicators.md); tests/test_new_indicator_example.py builds it.
{{ config(**incremental_by_month()) }}

with

calls as (

    select * from {{ ref('int_calls__classified') }}
    where is_inbound_answered and agent_id is not null and {{ in_months_to_build('month') }}

),

final as (

    select
        cast('stg_calls__calls' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        coalesce(hold_seconds, 0) as avg_hold_seconds__numerator,
        1 as avg_hold_seconds__denominator
    from calls

)

select * from final
order by month, agent_id
