-- A failure means a scheme version's section shares do not fit its rules: shares of a
-- weighted_sections scheme that do not add up to 1, or a share for a section with no
-- rules (its points would be 0 and the total could never reach its maximum). Fix
-- kpi_share / cpi_share in seeds/schemes.csv. (A key_indicator_multiplier scheme may
-- keep shares below 1: scheme 13 is (30 % + 30 % + 20 %) × the key indicator.)
{{ config(store_failures=true) }}

with

sections as (

    select
        scheme_id,
        version,
        count(case when section = 'kpi' then 1 end) as kpi_rules,
        count(case when section = 'cpi' then 1 end) as cpi_rules
    from {{ ref('scheme_rules') }}
    group by scheme_id, version

),

problems as (

    select
        schemes.scheme_id,
        schemes.version,
        case
            when
                coalesce(schemes.composition, 'weighted_sections') = 'weighted_sections'
                and abs(coalesce(schemes.kpi_share, 0.8) + coalesce(schemes.cpi_share, 0.2) - 1)
                > 0.000001
                then 'kpi_share + cpi_share is not 1'
            when coalesce(schemes.cpi_share, 0.2) > 0 and coalesce(sections.cpi_rules, 0) = 0
                then 'cpi_share > 0 but the scheme has no CPI rules'
            when coalesce(schemes.kpi_share, 0.8) > 0 and coalesce(sections.kpi_rules, 0) = 0
                then 'kpi_share > 0 but the scheme has no KPI rules'
        end as problem
    from {{ ref('schemes') }} as schemes
    left join sections
        on schemes.scheme_id = sections.scheme_id and schemes.version = sections.version

)

select * from problems
where problem is not null
