-- The rows of the appraisal schemes (SPEC §8): indicator, section, weight, method and
-- parameters of every rule of every scheme version.
with

rules as (

    select * from {{ ref('scheme_rules') }}

),

final as (

    select
        scheme_id,
        version,
        rule_id,
        indicator_code,
        section,
        weight,
        method,
        direction,
        target,
        floor,
        ceiling,
        step,
        per_step,
        per_unit,
        cap,
        bands,
        relative_to,
        scope,
        missing_policy,
        min_denominator,
        assumption
    from rules

)

select * from final
