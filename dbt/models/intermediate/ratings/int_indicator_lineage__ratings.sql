-- Lineage of int_indicators__ratings: every rating of the agent-month whose rater type has
-- a weight in the seed rater_type_weights (int_ratings__contributions). The weighted mean
-- of a rater type is carried by its first rating; the others are listed with 0.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['cpi_score']) %}

with

contributions as (

    select * from {{ ref('int_ratings__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
