-- Lineage of service_level_15s: the inbound legs of int_service_level__contributions (all
-- of them count in the denominator) under their queue, under the team of their agent and
-- under the center.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['service_level_15s']) %}

with

contributions as (

    select * from {{ ref('int_service_level__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators, entity_column='queue', grain='queue') }}

    union all

    {{ contribution_lineage('contributions', indicators, entity_column='team_id', grain='team') }}

    union all

    {{ contribution_lineage(
        'contributions', indicators, entity_column="'center'", grain='center'
    ) }}

)

select * from final
