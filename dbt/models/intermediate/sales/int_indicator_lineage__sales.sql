-- Lineage of the sales indicators: for each indicator, the rows of int_sales__contributions
-- whose contribution to it is set. orders, sales_amount, avg_order_value: the agent's
-- non-cancelled orders of the month; conversion_rate: the answered inbound calls with a
-- customer_hash (its denominator) and the non-cancelled orders of the same agent and month
-- by those customers (its numerator).
{{ config(materialized='view') }}
{%- set indicators = contribution_indicators(
    counts=['orders', 'sales_amount'],
    ratios=['conversion_rate', 'avg_order_value'],
) %}

with

contributions as (

    select * from {{ ref('int_sales__contributions') }}

),

final as (

    {{ contribution_lineage('contributions', indicators) }}

)

select * from final
