-- Lineage of the agent-grain telephony indicators: for each indicator, the call legs of
-- int_telephony__contributions whose contribution to it is set (docs/indicators.md): for a
-- count the legs it counts, for a rate or mean the legs of its denominator (which include
-- those of its numerator). A view: `scorecard explain` filters it to one agent, month and
-- indicator, and the filter reaches the (month, agent_id)-ordered int_calls__classified.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['calls_handled', 'outbound_calls', 'outbound_connected'],
    ratios=[
        'answer_rate', 'aht_seconds', 'avg_acw_seconds', 'fcr_rate', 'transfer_rate',
        'outbound_connect_rate', 'avg_speed_of_answer_seconds',
    ],
) %}

with

contributions as (

    select * from {{ ref('int_telephony__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
