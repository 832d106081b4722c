-- The rows the gate's team_score_drift suite validates: each team's mean total beside the
-- month before's, and how far it moved.
with

team_scores as (

    select * from {{ ref('mart_team_scores') }}

),

changes as (

    select
        scheme_id,
        team_id,
        month,
        mean_total,
        lag(mean_total) over (
            partition by scheme_id, team_id order by month
        ) as previous_mean_total
    from team_scores

),

final as (

    select
        *,
        abs(mean_total - previous_mean_total) as mean_total_change
    from changes

)

select * from final
