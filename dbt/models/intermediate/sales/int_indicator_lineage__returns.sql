-- Lineage of return_prevention_rate: the return requests with a final outcome
-- (int_returns__contributions), i.e. the denominator's rows, which include the
-- numerator's. Pending requests count toward nothing and are not listed.
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(ratios=['return_prevention_rate']) %}

with

contributions as (

    select * from {{ ref('int_returns__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
