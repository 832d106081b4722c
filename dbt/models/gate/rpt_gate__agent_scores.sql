-- The rows the gate's agent_scores suite validates: every score with its scheme version's
-- clamp (total_min, total_max).
with

scores as (

    select * from {{ ref('mart_agent_scores') }}

),

schemes as (

    select * from {{ ref('dim_scheme') }}

),

final as (

    select
        scores.scheme_id,
        scores.version,
        scores.agent_id,
        scores.month,
        scores.eligible,
        scores.total_score,
        schemes.total_min,
        schemes.total_max
    from scores
    inner join schemes
        on scores.scheme_id = schemes.scheme_id and scores.version = schemes.version

)

select * from final
