-- Long form of every indicator at every grain (SPEC §8), as published: the values of
-- int_indicator_values__all_grains (indicator models named in the catalog, plus team and
-- center roll-ups).
with

indicator_values as (

    select * from {{ ref('int_indicator_values__all_grains') }}

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        numerator,
        denominator,
        value
    from indicator_values

)

select * from final
