-- The rows the gate's indicator_ranges suite validates: every indicator value with the
-- range its catalog row declares, and whether it lies within it (an empty bound is no
-- bound).
with

facts as (

    select * from {{ ref('fct_indicator_monthly') }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

final as (

    select
        facts.entity_id,
        facts.grain,
        facts.month,
        facts.indicator_code,
        facts.numerator,
        facts.denominator,
        facts.value,
        catalog.min_value,
        catalog.max_value,
        not coalesce(
            facts.value < catalog.min_value or facts.value > catalog.max_value, false
        ) as is_within_range
    from facts
    inner join catalog
        on facts.indicator_code = catalog.code

)

select * from final
