-- A failure means a scheme rule lacks a parameter its method needs (SPEC §6), or names an
-- unknown method, section or missing-data policy: its points cannot be computed. Fill in
-- the parameter in seeds/scheme_rules.csv; `problem` says which.
{{ config(store_failures=true) }}

with

rules as (

    select * from {{ ref('scheme_rules') }}

),

problems as (

    select
        scheme_id,
        version,
        rule_id,
        case
            when method not in ('linear', 'threshold', 'bands', 'deduct', 'additive')
                then 'unknown method ' || method
            when section not in ('kpi', 'cpi', 'adjustment', 'multiplier')
                then 'unknown section ' || section
            when weight is null and method <> 'additive' then method || ' needs a weight'
            when method in ('linear', 'threshold', 'deduct') and target is null
                then method || ' needs a target'
            when method = 'linear' and direction = 'higher' and floor >= target
                then 'linear: floor must be below the target'
            when method = 'linear' and ceiling is not null and ceiling <= target
                then 'linear: ceiling must be above the target'
            when method = 'bands' and (bands is null or bands not like '%:%')
                then 'bands needs bands as bound:points|bound:points'
            when method = 'deduct' and (step is null or step <= 0 or per_step is null)
                then 'deduct needs a positive step and per_step'
            when method = 'additive' and per_unit is null then 'additive needs per_unit'
            when coalesce(missing_policy, 'zero') not in ('zero', 'full', 'reweight')
                then 'unknown missing_policy ' || missing_policy
            when relative_to is not null and relative_to not in ('team_avg', 'center_avg')
                then 'unknown relative_to ' || relative_to
        end as problem
    from rules

)

select * from problems
where problem is not null
