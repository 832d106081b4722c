-- The published score of every scheme, scored entity and month (SPEC §8). `agent_id` is
-- the scored entity: an agent, a QA inspector, or a team for team-grain cards (`grain`).
with

graded as (

    select * from {{ ref('int_scoring__graded') }}

),

final as (

    select
        scheme_id,
        version,
        agent_id,
        grain,
        month,
        team_id,
        role,
        eligible,
        ineligible_reason,
        attendance_days,
        kpi_points,
        cpi_points,
        adjustment_points,
        multiplier_points,
        total_score,
        grade,
        rank_in_team,
        rank_in_center,
        star_level,
        bonus_amount
    from graded

)

select * from final
