-- Lineage of the productivity indicators: the rows of int_productivity__contributions whose
-- contribution is set. calls_per_hour: its numerator's call legs (those of calls_handled
-- and outbound_calls) and its denominator's state interval pieces (those of
-- logged_in_hours, contributions in seconds); sales_success_rate: its denominator's
-- connected outbound legs (those of outbound_connected) and the non-cancelled orders of
-- the calling agent placed on them (its numerator), in the month of the call.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['calls_per_hour', 'sales_success_rate']) %}

with

contributions as (

    select * from {{ ref('int_productivity__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
