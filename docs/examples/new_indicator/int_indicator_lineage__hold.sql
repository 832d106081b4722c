-- The calls behind avg_hold_seconds: the rows of int_hold__contributions (every answered
-- inbound call of the agent-month).
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['avg_hold_seconds']) %}

with

contributions as (

    select * from {{ ref('int_hold__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
