-- Per scheme, team and month (SPEC §8): how many eligible entities were scored, the mean
-- and median total (of the published totals, rounded half up to 2 decimals), and how many
-- got each grade.
with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible

),

final as (

    select
        scheme_id,
        team_id,
        month,
        count(*) as agents,
        {{ round_half_up('sum(total_score) / count(*)', 2) }} as mean_total,
        {{ round_half_up('median(cast(total_score as double))', 2) }} as median_total,
        count(case when grade = 'A' then 1 end) as grade_a,
        count(case when grade = 'B' then 1 end) as grade_b,
        count(case when grade = 'C' then 1 end) as grade_c,
        count(case when grade = 'D' then 1 end) as grade_d
    from graded
    group by scheme_id, team_id, month

)

select * from final
