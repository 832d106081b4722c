-- Lineage of the agent-grain telephony indicators: the call legs behind each value. For a
-- count the legs it counts; for a rate or mean the legs of its denominator (which include
-- those of its numerator): answer_rate the legs offered to the agent, aht_seconds,
-- avg_acw_seconds and transfer_rate the legs handled, fcr_rate the handled legs with a
-- customer_hash, outbound_connect_rate the outbound legs, avg_speed_of_answer_seconds the
-- legs handled. The flags are the ones int_indicators__telephony counts.
{{ config(materialized='view') }}
{%- set indicators = [
    {'code': 'calls_handled', 'flag': 'is_inbound_answered'},
    {'code': 'outbound_calls', 'flag': 'is_outbound'},
    {'code': 'outbound_connected', 'flag': 'is_outbound_connected'},
    {'code': 'answer_rate', 'flag': 'is_offered_to_agent'},
    {'code': 'aht_seconds', 'flag': 'is_inbound_answered'},
    {'code': 'avg_acw_seconds', 'flag': 'is_inbound_answered'},
    {'code': 'fcr_rate', 'flag': 'is_fcr_eligible'},
    {'code': 'transfer_rate', 'flag': 'is_inbound_answered'},
    {'code': 'outbound_connect_rate', 'flag': 'is_outbound'},
    {'code': 'avg_speed_of_answer_seconds', 'flag': 'is_inbound_answered'},
] %}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

contributing_rows as (

    {% for indicator in indicators %}
    select
        agent_id as entity_id,
        'agent' as grain,
        month,
        '{{ indicator.code }}' as indicator_code,
        row_key,
        source_file,
        source_line
    from calls
    where agent_id is not null and {{ indicator.flag }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        'stg_calls__calls' as source_model,
        row_key,
        source_file,
        source_line
    from contributing_rows

)

select * from final
