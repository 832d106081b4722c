-- Every rule of every scored entity-month (SPEC §8): the value read, the rule's
-- parameters, the points it gave after re-weighting and the most it could give
-- (max_points, after re-weighting: points ≤ max_points); `missing_policy_applied` says
-- when the value was missing or low-sample and which policy was used. Points are the
-- published 2-decimal values whose sum per section is the score's section points.
with

reweighted_points as (

    select * from {{ ref('int_scoring__reweighted_points') }}

),

final as (

    select
        scheme_id,
        version,
        entity_id as agent_id,
        month,
        rule_id,
        indicator_code,
        section,
        indicator_value as value,
        scored_value,
        numerator,
        denominator,
        target,
        method,
        direction,
        relative_to,
        weight,
        points as points_before_reweighting,
        reweighted_points as points,
        max_points,
        is_low_sample,
        missing_policy_applied
    from reweighted_points

)

select * from final
