-- A failure means a published total lies outside its scheme version's clamp
-- [total_min, total_max] (SPEC §6: totals are clamped, to [0, 100] unless the scheme says
-- otherwise): the clamp in int_scoring__entity_scores was bypassed or the scheme changed.
{{ config(store_failures=true) }}

with

scores as (

    select * from {{ ref('mart_agent_scores') }}

),

schemes as (

    select * from {{ ref('dim_scheme') }}

)

select
    scores.scheme_id,
    scores.version,
    scores.agent_id,
    scores.month,
    scores.total_score,
    schemes.total_min,
    schemes.total_max
from scores
inner join schemes
    on scores.scheme_id = schemes.scheme_id and scores.version = schemes.version
where scores.total_score < schemes.total_min or scores.total_score > schemes.total_max
