-- Per scheme, team and month (SPEC §8): how many eligible entities were scored, the mean
-- and median total (of the published totals, rounded half up to 2 decimals), and how many
-- got each grade of the scheme's own scale: grade_counts, a JSON object from the highest
-- grade down ({"band_600": 2, "band_500": 1}); grade_a … grade_d count the letters of the
-- default scale.
with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

grade_scales as (

    select * from {{ ref('grade_scales') }}

),

teams as (

    select
        scheme_id,
        team_id,
        month,
        count(*) as agents,
        {{ round_half_up('sum(total_score) / count(*)', 2) }} as mean_total,
        {{ round_half_up(scorecard_median('cast(total_score as double)'), 2) }} as median_total,
        count(case when grade = 'A' then 1 end) as grade_a,
        count(case when grade = 'B' then 1 end) as grade_b,
        count(case when grade = 'C' then 1 end) as grade_c,
        count(case when grade = 'D' then 1 end) as grade_d
    from graded
    group by scheme_id, team_id, month

),

grade_tallies as (

    select
        graded.scheme_id,
        graded.team_id,
        graded.month,
        graded.grade,
        max(grade_scales.min_score) as min_score,
        count(*) as agents
    from graded
    inner join versions
        on graded.scheme_id = versions.scheme_id and graded.version = versions.version
    inner join grade_scales
        on versions.grade_scale = grade_scales.scale_id and graded.grade = grade_scales.grade
    group by graded.scheme_id, graded.team_id, graded.month, graded.grade

),

grade_counts as (

    select
        scheme_id,
        team_id,
        month,
        '{' || {{ scorecard_listagg(
            "'\"' || grade || '\": ' || cast(agents as " ~ dbt.type_string() ~ ")",
            "', '",
            'order by min_score desc'
        ) }} || '}' as grade_counts
    from grade_tallies
    group by scheme_id, team_id, month

),

final as (

    select
        teams.scheme_id,
        teams.team_id,
        teams.month,
        teams.agents,
        teams.mean_total,
        teams.median_total,
        teams.grade_a,
        teams.grade_b,
        teams.grade_c,
        teams.grade_d,
        coalesce(grade_counts.grade_counts, '{}') as grade_counts
    from teams
    left join grade_counts
        on
            teams.scheme_id = grade_counts.scheme_id
            and teams.team_id = grade_counts.team_id
            and teams.month = grade_counts.month

)

select * from final
