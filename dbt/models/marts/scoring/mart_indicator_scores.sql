-- Every rule of every scored entity-month (SPEC §8): the value read, the rule's
-- parameters, and the points it gave after re-weighting; `missing_policy_applied` says
-- when the value was missing or low-sample and which policy was used.
with

rule_points as (

    select * from {{ ref('int_scoring__rule_points') }}

),

section_factors as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        section,
        sum(weight) as section_weight,
        sum(case when points is not null then weight end) as kept_weight
    from rule_points
    group by scheme_id, version, entity_id, month, section

),

final as (

    select
        rule_points.scheme_id,
        rule_points.version,
        rule_points.entity_id as agent_id,
        rule_points.month,
        rule_points.rule_id,
        rule_points.indicator_code,
        rule_points.section,
        rule_points.indicator_value as value,
        rule_points.scored_value,
        rule_points.numerator,
        rule_points.denominator,
        rule_points.target,
        rule_points.method,
        rule_points.direction,
        rule_points.relative_to,
        rule_points.weight,
        case
            when rule_points.section in ('kpi', 'cpi')
                then rule_points.points * {{ safe_divide(
                    'section_factors.section_weight', 'section_factors.kept_weight'
                ) }}
            else rule_points.points
        end as points,
        rule_points.weight as max_points,
        rule_points.is_low_sample,
        rule_points.missing_policy_applied
    from rule_points
    inner join section_factors
        on
            rule_points.scheme_id = section_factors.scheme_id
            and rule_points.version = section_factors.version
            and rule_points.entity_id = section_factors.entity_id
            and rule_points.month = section_factors.month
            and rule_points.section = section_factors.section

)

select * from final
