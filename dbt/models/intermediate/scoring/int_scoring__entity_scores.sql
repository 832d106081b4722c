-- Section points and the total of every scored entity-month (SPEC §6).
-- Section points are the exact sum of the section's rule points after re-weighting
-- (int_scoring__reweighted_points). Total = KPI points × kpi_share + CPI points ×
-- cpi_share + adjustment points, each section first normalised to 100 points when the
-- scheme declares another section total (the manager card's 95: KPI × 100 ÷ 95); with
-- composition `key_indicator_multiplier` that sum is
-- multiplied by the points of the `multiplier` rows ÷ 100 (scheme 13). The total is
-- rounded half up to 2 decimals once, then clamped to [total_min, total_max]; grades,
-- ranks and money are decided from it (docs/scoring.md, Precision).
with

reweighted_points as (

    select * from {{ ref('int_scoring__reweighted_points') }}

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

entity_months as (

    select * from {{ ref('int_scoring__entity_months') }}

),

sections as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        cast(sum(case when section = 'kpi' then reweighted_points end) as decimal(18, 2))
            as kpi_points,
        cast(sum(case when section = 'cpi' then reweighted_points end) as decimal(18, 2))
            as cpi_points,
        cast(
            coalesce(sum(case when section = 'adjustment' then reweighted_points end), 0)
            as decimal(18, 2)
        ) as adjustment_points,
        cast(
            sum(case when section = 'multiplier' then reweighted_points end) as decimal(18, 2)
        ) as multiplier_points
    from reweighted_points
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
        versions.kpi_total,
        versions.cpi_total,
        {{ exact_number(
            'coalesce(sections.kpi_points, 0) * 100 / versions.kpi_total * versions.kpi_share'
            ~ ' + coalesce(sections.cpi_points, 0) * 100 / versions.cpi_total * versions.cpi_share'
            ~ ' + sections.adjustment_points'
        ) }} as weighted_total
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
            {{ round_half_up(
                "case when composition = 'key_indicator_multiplier'"
                ~ " then weighted_total * coalesce(multiplier_points, 0) / 100"
                ~ " else weighted_total end",
                2
            ) }},
            total_max
        ), total_min) as total_score
    from totals

)

select * from final
