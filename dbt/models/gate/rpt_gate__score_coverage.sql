-- The rows the gate's score_coverage suite validates: every agent-month with at least 5
-- attendance days, and whether some scheme published a total for it (a team lead through
-- the team card).
with

facts as (

    select * from {{ ref('fct_agent_monthly') }}
    where attendance_days >= 5

),

scores as (

    select * from {{ ref('mart_agent_scores') }}
    where total_score is not null

),

scored as (

    select distinct
        facts.agent_id,
        facts.month
    from facts
    inner join scores
        on
            facts.month = scores.month
            and (
                facts.agent_id = scores.agent_id
                or (
                    facts.role = 'team_lead'
                    and scores.grain = 'team'
                    and facts.team_id = scores.agent_id
                )
            )

),

final as (

    select
        facts.agent_id,
        facts.month,
        facts.team_id,
        facts.role,
        facts.attendance_days,
        scored.agent_id is not null as has_score
    from facts
    left join scored
        on facts.agent_id = scored.agent_id and facts.month = scored.month

)

select * from final
