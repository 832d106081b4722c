-- The `bands` of scheme rules as rows: one (bound, points) pair per band.
-- `bound:points|bound:points|…` is split with scorecard_unnest_split (macros/portable.sql).
with

rules as (

    select * from {{ ref('scheme_rules') }}

),

pairs as (

    select
        scheme_id,
        version,
        rule_id,
        {{ scorecard_unnest_split('bands', '|') }} as band
    from rules
    where method = 'bands' and bands is not null

),

final as (

    select
        scheme_id,
        version,
        rule_id,
        cast(trim(split_part(band, ':', 1)) as decimal(18, 6)) as bound,
        cast(trim(split_part(band, ':', 2)) as decimal(9, 2)) as points
    from pairs

)

select * from final
