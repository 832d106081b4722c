-- The rows the gate's scheme_weights suite validates: the KPI and CPI weights of every
-- scheme version beside the section total the scheme declares.
with

rules as (

    select * from {{ ref('dim_scheme_rule') }}

),

schemes as (

    select * from {{ ref('dim_scheme') }}

),

section_weights as (

    select
        rules.scheme_id,
        rules.version,
        rules.section,
        sum(rules.weight) as total_weight,
        max(case rules.section when 'kpi' then schemes.kpi_total else schemes.cpi_total end)
            as declared_total
    from rules
    inner join schemes
        on rules.scheme_id = schemes.scheme_id and rules.version = schemes.version
    where rules.section in ('kpi', 'cpi')
    group by rules.scheme_id, rules.version, rules.section

),

final as (

    select
        *,
        total_weight = declared_total as is_adding_up
    from section_weights

)

select * from final
