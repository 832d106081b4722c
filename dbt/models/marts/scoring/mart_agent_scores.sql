-- The published score of every scheme, scored entity and month (SPEC §8). `agent_id` is
-- the scored entity: an agent, a QA inspector, or a team for team-grain cards (`grain`).
-- A quarterly or yearly card's score is published with the last month of its period
-- (`period` names it). Grades and ranks are int_scoring__graded's, the star level
-- int_scoring__stars'; bonus_amount is the sum of the entity-month's pay items.
with

graded as (

    select * from {{ ref('int_scoring__graded') }}

),

stars as (

    select * from {{ ref('int_scoring__stars') }}

),

pay_items as (

    select * from {{ ref('int_scoring__pay_items') }}

),

money as (

    select
        scheme_id,
        agent_id,
        month,
        sum(amount_cny) as amount_cny
    from pay_items
    group by scheme_id, agent_id, month

),

final as (

    select
        graded.scheme_id,
        graded.version,
        graded.agent_id,
        graded.grain,
        graded.month,
        {{ period_label('graded.month', 'graded.period') }} as period,
        graded.team_id,
        graded.role,
        graded.eligible,
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
        stars.star_level,
        case
            when graded.eligible then cast(coalesce(money.amount_cny, 0) as decimal(18, 2))
        end as bonus_amount
    from graded
    left join stars
        on
            graded.scheme_id = stars.scheme_id
            and graded.agent_id = stars.agent_id
            and graded.month = stars.month
    left join money
        on
            graded.scheme_id = money.scheme_id
            and graded.agent_id = money.agent_id
            and graded.month = money.month

)

select * from final
