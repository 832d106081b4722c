-- Contributions of service_level_15s (docs/indicators.md, "Contributions"): one row per
-- inbound call leg (int_calls__classified) with the entities it counts for - its queue,
-- the team of its agent that month (int_agents__months; NULL for a leg abandoned in the
-- queue, which reached no agent) and the center - and its contribution: denominator 1 per
-- inbound leg offered (answered, transferred, missed and abandoned alike), numerator 1 if
-- it was answered within var('service_level_seconds') of offered_at. Outbound legs count
-- for nothing and are not here. A view over int_calls__classified, where the legs are
-- stored once.
{{ config(materialized='view') }}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

final as (

    select
        cast('stg_calls__calls' as {{ dbt.type_string() }}) as source_model,
        calls.row_key,
        calls.source_file,
        calls.source_line,
        calls.load_id,
        calls.call_id,
        calls.queue,
        calls.agent_id,
        agent_months.team_id,
        calls.month,
        case when calls.is_answered_within_service_level then 1 else 0 end
            as service_level_15s__numerator,
        1 as service_level_15s__denominator
    from calls
    left join agent_months
        on
            calls.agent_id = agent_months.agent_id
            and calls.month = agent_months.month
    where calls.is_inbound

)

select * from final
