-- Lineage of logged_in_hours, utilization and not_ready_ratio: every state interval piece
-- of int_agent_states__contributions (all three are sums or shares of the whole logged-in
-- time, so every piece counts for each). An interval cut at a month boundary is listed in
-- both months. The numerator and denominator of a row are seconds.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['logged_in_hours'],
    ratios=['utilization', 'not_ready_ratio'],
) %}

with

contributions as (

    select * from {{ ref('int_agent_states__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
