-- Lineage of logged_in_hours, utilization and not_ready_ratio: every state interval (piece)
-- of the agent-month, since all three are sums or shares of the whole logged-in time. An
-- interval cut at a month boundary is listed in both months.
{{ config(materialized='view') }}
{%- set indicator_codes = ['logged_in_hours', 'utilization', 'not_ready_ratio'] %}

with

states as (

    select * from {{ ref('int_agent_states__split') }}

),

contributing_rows as (

    {% for indicator_code in indicator_codes %}
    select
        agent_id as entity_id,
        'agent' as grain,
        month,
        '{{ indicator_code }}' as indicator_code,
        row_key,
        source_file,
        source_line
    from states
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        'stg_agent_states__state_intervals' as source_model,
        row_key,
        source_file,
        source_line
    from contributing_rows

)

select * from final
