-- Lineage of int_indicators__complaints: the complaints behind each agent-month value.
-- valid_complaints: the valid complaints about the agent; repeat_complaints and
-- escalated_complaints: those of them with is_repeat / is_escalated TRUE;
-- complaint_timely_rate: every complaint the agent handled (its denominator, timely or not,
-- valid or not). Month of received_at_local, as in the value model.
{{ config(materialized='view') }}

with

complaints as (

    select * from {{ ref('stg_complaints__complaints') }}

),

dated as (

    select
        subject_agent_id,
        handler_agent_id,
        is_valid,
        is_repeat,
        is_escalated,
        row_key,
        source_file,
        source_line,
        {{ month_of('received_at_local') }} as month
    from complaints

),

contributions as (

    select
        subject_agent_id as entity_id,
        month,
        'valid_complaints' as indicator_code,
        row_key,
        source_file,
        source_line
    from dated
    where is_valid and subject_agent_id is not null

    union all

    select
        subject_agent_id as entity_id,
        month,
        'repeat_complaints' as indicator_code,
        row_key,
        source_file,
        source_line
    from dated
    where is_valid and is_repeat and subject_agent_id is not null

    union all

    select
        subject_agent_id as entity_id,
        month,
        'escalated_complaints' as indicator_code,
        row_key,
        source_file,
        source_line
    from dated
    where is_valid and is_escalated and subject_agent_id is not null

    union all

    select
        handler_agent_id as entity_id,
        month,
        'complaint_timely_rate' as indicator_code,
        row_key,
        source_file,
        source_line
    from dated
    where handler_agent_id is not null

),

final as (

    select
        cast(entity_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast(indicator_code as varchar) as indicator_code,
        cast('stg_complaints__complaints' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from contributions

)

select * from final
