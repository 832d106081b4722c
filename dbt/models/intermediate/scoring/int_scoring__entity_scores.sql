-- Section points and the total of every scored entity-month (SPEC §6).
-- Re-weighting: when rows of a section are dropped for missing data (`reweight`), the
-- remaining rows are scaled up so the section keeps its total weight.
-- Total = KPI points × kpi_share + CPI points × cpi_share + adjustment points, clamped to
-- [total_min, total_max]; with composition `key_indicator_multiplier` the sections are
-- multiplied by the points of the `multiplier` rows ÷ 100 (scheme 13).
with

rule_points as (

    select * from {{ ref('int_scoring__rule_points') }}

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

entity_months as (

    select * from {{ ref('int_scoring__entity_months') }}

),

section_weights as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        section,
        sum(weight) as section_weight,
        sum(case when points is not null then weight end) as kept_weight,
        sum(points) as raw_points
    from rule_points
    group by scheme_id, version, entity_id, month, section

),

section_points as (

    select
        *,
        case
            when section in ('kpi', 'cpi')
                then raw_points * {{ safe_divide('section_weight', 'kept_weight') }}
            else raw_points
        end as points
    from section_weights

),

sections as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        sum(case when section = 'kpi' then points end) as kpi_points,
        sum(case when section = 'cpi' then points end) as cpi_points,
        coalesce(sum(case when section = 'adjustment' then points end), 0) as adjustment_points,
        sum(case when section = 'multiplier' then points end) as multiplier_points
    from section_points
    group by scheme_id, version, entity_id, month

),

totals as (

    select
        entity_months.scheme_id,
        entity_months.version,
        entity_months.grain,
        entity_months.entity_id,
        entity_months.month,
        entity_months.team_id,
        entity_months.role,
        entity_months.is_eligible,
        entity_months.ineligible_reason,
        entity_months.attendance_days,
        sections.kpi_points,
        sections.cpi_points,
        sections.adjustment_points,
        sections.multiplier_points,
        versions.composition,
        versions.total_min,
        versions.total_max,
        coalesce(sections.kpi_points, 0) * versions.kpi_share
        + coalesce(sections.cpi_points, 0) * versions.cpi_share
        + sections.adjustment_points as weighted_total
    from entity_months
    inner join versions
        on
            entity_months.scheme_id = versions.scheme_id
            and entity_months.version = versions.version
    left join sections
        on
            entity_months.scheme_id = sections.scheme_id
            and entity_months.version = sections.version
            and entity_months.entity_id = sections.entity_id
            and entity_months.month = sections.month

),

final as (

    select
        *,
        greatest(least(
            case
                when composition = 'key_indicator_multiplier'
                    then weighted_total * coalesce(multiplier_points, 0) / 100
                else weighted_total
            end,
            total_max
        ), total_min) as total_score
    from totals

)

select * from final
