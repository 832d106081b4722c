-- The appraisal schemes (SPEC §8): one row per scheme version, with its source document.
with

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

final as (

    select
        scheme_id,
        version,
        name_zh,
        name_en,
        roles,
        grain,
        period,
        source_document,
        kpi_share,
        cpi_share,
        kpi_total,
        cpi_total,
        composition,
        total_min,
        total_max,
        min_attendance_days,
        grade_scale,
        forced_distribution,
        grade_a_quota,
        grade_b_quota,
        bonus_base_cny,
        star_levels,
        money_floor_cny,
        assumptions,
        {{ period_label('effective_from', "'month'") }} as effective_month
    from versions

)

select * from final
