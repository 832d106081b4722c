-- The calls behind avg_hold_seconds: every answered inbound call of the agent-month.
{{ config(materialized='view') }}

with

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

final as (

    select
        agent_id as entity_id,
        'agent' as grain,
        {{ month_of('offered_at_local') }} as month,
        'avg_hold_seconds' as indicator_code,
        'stg_calls__calls' as source_model,
        row_key,
        source_file,
        source_line
    from calls
    where
        direction = 'inbound'
        and answered_at_utc is not null
        and agent_id is not null

)

select * from final
