-- Lineage of calls_per_hour: the rows of its numerator (the handled inbound and the
-- outbound call legs) and of its denominator (the agent's state intervals), taken from the
-- lineage of calls_handled, outbound_calls and logged_in_hours.
{{ config(materialized='view') }}

with

telephony_lineage as (

    select * from {{ ref('int_indicator_lineage__telephony') }}

),

agent_states_lineage as (

    select * from {{ ref('int_indicator_lineage__agent_states') }}

),

contributing_rows as (

    select
        entity_id,
        grain,
        month,
        source_model,
        row_key,
        source_file,
        source_line
    from telephony_lineage
    where indicator_code in ('calls_handled', 'outbound_calls')
    union all
    select
        entity_id,
        grain,
        month,
        source_model,
        row_key,
        source_file,
        source_line
    from agent_states_lineage
    where indicator_code = 'logged_in_hours'

),

final as (

    select
        entity_id,
        grain,
        month,
        'calls_per_hour' as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from contributing_rows

)

select * from final
