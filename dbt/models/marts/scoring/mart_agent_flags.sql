-- The multi-month rules of SPEC §6 as flags, not actions: one row per scheme, agent,
-- month and flag, with the evidence in words (int_scoring__flags says how each is
-- decided).
with

flags as (

    select * from {{ ref('int_scoring__flags') }}

),

final as (

    select
        scheme_id,
        agent_id,
        month,
        flag,
        award_rank,
        evidence
    from flags

)

select * from final
