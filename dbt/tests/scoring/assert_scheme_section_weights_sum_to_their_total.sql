-- A failure means the KPI or CPI rows of a scheme version do not add up to the section
-- total the scheme declares (schemes.kpi_total / cpi_total, 100 unless its document
-- writes another, such as the manager card's 95), so its totals would not be on the
-- 100-point scale after normalisation. Fix the weights in seeds/scheme_rules.csv or the
-- declared total in seeds/schemes.csv.
{{ config(store_failures=true) }}

with

rules as (

    select * from {{ ref('scheme_rules') }}

),

schemes as (

    select * from {{ ref('schemes') }}

),

section_weights as (

    select
        rules.scheme_id,
        rules.version,
        rules.section,
        sum(rules.weight) as total_weight,
        max(coalesce(
            case rules.section when 'kpi' then schemes.kpi_total else schemes.cpi_total end, 100
        )) as declared_total
    from rules
    inner join schemes
        on rules.scheme_id = schemes.scheme_id and rules.version = schemes.version
    where rules.section in ('kpi', 'cpi')
    group by rules.scheme_id, rules.version, rules.section

)

select
    scheme_id,
    version,
    section,
    total_weight,
    declared_total,
    section || ' weights add up to ' || cast(total_weight as {{ dbt.type_string() }})
    || ', not the declared ' || cast(declared_total as {{ dbt.type_string() }}) as problem
from section_weights
where total_weight <> declared_total
