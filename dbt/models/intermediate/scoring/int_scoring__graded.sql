-- Grades and ranks of every scored entity-month (SPEC §6): what the total means. Star
-- levels are int_scoring__stars, money int_scoring__pay_items. Ineligible entities keep a
-- row with eligible = false and the reason, and get no grade or rank. Everything here is
-- decided from the published total (2 decimals).
-- Forced distribution: ranked by total, an A whose rank (shared by ties) is beyond
-- grade_a_quota × eligible drops to B, and an A or B beyond
-- (grade_a_quota + grade_b_quota) × eligible drops to C.
with

scores as (

    select * from {{ ref('int_scoring__entity_scores') }}

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

grade_scales as (

    select * from {{ ref('grade_scales') }}

),

ranked as (

    select
        scores.*,
        -- ranks cast to bigint: rank() is bigint on DuckDB and int on Spark, and the
        -- published column must have one type whichever engine computed it
        case when scores.is_eligible then cast(rank() over (
            partition by scores.scheme_id, scores.month, scores.is_eligible
            order by scores.total_score desc
        ) as {{ dbt.type_bigint() }}) end as rank_in_center,
        case when scores.is_eligible then cast(rank() over (
            partition by scores.scheme_id, scores.month, scores.team_id, scores.is_eligible
            order by scores.total_score desc
        ) as {{ dbt.type_bigint() }}) end as rank_in_team,
        -- competition rank from the bottom (the lowest total is 1; ties share): who is in
        -- the bottom 3 of SPEC §6's improvement-plan rule
        case when scores.is_eligible then cast(rank() over (
            partition by scores.scheme_id, scores.month, scores.is_eligible
            order by scores.total_score asc
        ) as {{ dbt.type_bigint() }}) end as rank_from_bottom,
        count(case when scores.is_eligible then 1 end) over (
            partition by scores.scheme_id, scores.month
        ) as eligible_count
    from scores

),

-- The forced-distribution quotas as rank limits: exact decimals (quota × eligible count),
-- so 0.02 + 0.18 of 5 agents is exactly 1 place.
quotas as (

    select
        ranked.*,
        versions.grade_a_quota * ranked.eligible_count as grade_a_limit,
        (versions.grade_a_quota + versions.grade_b_quota) * ranked.eligible_count
            as grade_ab_limit
    from ranked
    inner join versions
        on ranked.scheme_id = versions.scheme_id and ranked.version = versions.version

),

score_grades as (

    select
        ranked.scheme_id,
        ranked.entity_id,
        ranked.month,
        grade_scales.grade as score_grade,
        row_number() over (
            partition by ranked.scheme_id, ranked.entity_id, ranked.month
            order by grade_scales.min_score desc
        ) as grade_rank
    from ranked
    inner join versions
        on ranked.scheme_id = versions.scheme_id and ranked.version = versions.version
    inner join grade_scales
        on
            versions.grade_scale = grade_scales.scale_id
            and ranked.total_score >= grade_scales.min_score

),

graded as (

    select
        ranked.*,
        versions.grade_scale,
        versions.period,
        case
            when not ranked.is_eligible then null
            when not versions.forced_distribution then score_grades.score_grade
            when
                score_grades.score_grade = 'A'
                and ranked.rank_in_center > ranked.grade_a_limit
                then case
                    when ranked.rank_in_center <= ranked.grade_ab_limit then 'B'
                    else 'C'
                end
            when
                score_grades.score_grade = 'B'
                and ranked.rank_in_center > ranked.grade_ab_limit
                then 'C'
            else score_grades.score_grade
        end as grade
    from quotas as ranked
    inner join versions
        on ranked.scheme_id = versions.scheme_id and ranked.version = versions.version
    left join score_grades
        on
            ranked.scheme_id = score_grades.scheme_id
            and ranked.entity_id = score_grades.entity_id
            and ranked.month = score_grades.month
            and score_grades.grade_rank = 1

),

final as (

    select
        graded.scheme_id,
        graded.version,
        graded.entity_id as agent_id,
        graded.grain,
        graded.period,
        graded.month,
        graded.team_id,
        graded.role,
        graded.is_eligible as eligible,
        graded.ineligible_reason,
        graded.attendance_days,
        graded.kpi_points,
        graded.cpi_points,
        graded.adjustment_points,
        graded.multiplier_points,
        graded.total_score,
        graded.grade,
        graded.rank_in_team,
        graded.rank_in_center,
        graded.rank_from_bottom,
        graded.eligible_count
    from graded

)

select * from final
