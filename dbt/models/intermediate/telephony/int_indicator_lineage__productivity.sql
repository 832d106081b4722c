-- Lineage of the productivity indicators, taken from the lineage of the indicators they
-- are built from. calls_per_hour: the rows of its numerator (the handled inbound and the
-- outbound call legs, from calls_handled and outbound_calls) and of its denominator (the
-- agent's state intervals, from logged_in_hours). sales_success_rate: its denominator's
-- connected outbound legs (from outbound_connected) and the non-cancelled orders of the
-- calling agent that made its numerator's calls selling calls (month of the call).
{{ config(materialized='view') }}

with

telephony_lineage as (

    select * from {{ ref('int_indicator_lineage__telephony') }}

),

agent_states_lineage as (

    select * from {{ ref('int_indicator_lineage__agent_states') }}

),

classified_calls as (

    select * from {{ ref('int_calls__classified') }}

),

orders as (

    select * from {{ ref('stg_sales__orders') }}

),

selling_orders as (

    select
        classified_calls.agent_id as entity_id,
        'agent' as grain,
        classified_calls.month,
        'stg_sales__orders' as source_model,
        orders.row_key,
        orders.source_file,
        orders.source_line
    from classified_calls
    inner join orders
        on
            classified_calls.call_id = orders.call_id
            and classified_calls.agent_id = orders.agent_id
    where classified_calls.is_outbound_connected and orders.status <> 'cancelled'

),

contributing_rows as (

    select
        entity_id,
        grain,
        month,
        'calls_per_hour' as indicator_code,
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
        'calls_per_hour' as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from agent_states_lineage
    where indicator_code = 'logged_in_hours'
    union all
    select
        entity_id,
        grain,
        month,
        'sales_success_rate' as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from telephony_lineage
    where indicator_code = 'outbound_connected'
    union all
    select
        entity_id,
        grain,
        month,
        'sales_success_rate' as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line
    from selling_orders

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
