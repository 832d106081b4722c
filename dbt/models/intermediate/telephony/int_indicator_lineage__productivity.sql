-- Lineage of the productivity indicators, taken from the lineage of the indicators they
-- are built from. calls_per_hour: the rows of its numerator (the handled inbound and the
-- outbound call legs, from calls_handled and outbound_calls) and of its denominator (the
-- agent's state intervals, from logged_in_hours). sales_success_rate: its numerator's
-- non-cancelled orders (from orders) and its denominator's connected outbound legs (from
-- outbound_connected), since neither contains the other.
{{ config(materialized='view') }}

with

telephony_lineage as (

    select * from {{ ref('int_indicator_lineage__telephony') }}

),

agent_states_lineage as (

    select * from {{ ref('int_indicator_lineage__agent_states') }}

),

sales_lineage as (

    select * from {{ ref('int_indicator_lineage__sales') }}

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
    from sales_lineage
    where indicator_code = 'orders'

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
