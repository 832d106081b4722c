-- The star level of every eligible scored entity-month of a scheme with star levels
-- (SPEC §6, seed star_levels): the highest level whose min_score the published total
-- reaches. No row below the lowest level, for an ineligible entity or for a scheme
-- without star levels. The level's amount is paid by int_scoring__pay_items.
with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}
    where star_levels

),

star_levels as (

    select * from {{ ref('star_levels') }}

),

reached as (

    select
        graded.scheme_id,
        graded.version,
        graded.agent_id,
        graded.month,
        graded.total_score,
        star_levels.star_level,
        star_levels.min_score,
        star_levels.amount_cny,
        row_number() over (
            partition by graded.scheme_id, graded.agent_id, graded.month
            order by star_levels.min_score desc
        ) as star_rank
    from graded
    inner join versions
        on graded.scheme_id = versions.scheme_id and graded.version = versions.version
    inner join star_levels
        on graded.total_score >= star_levels.min_score

),

final as (

    select
        scheme_id,
        version,
        agent_id,
        month,
        total_score,
        star_level,
        min_score,
        amount_cny
    from reached
    where star_rank = 1

)

select * from final
