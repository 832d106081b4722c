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
        source_document,
        kpi_share,
        cpi_share,
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
        assumptions,
        strftime(effective_from, '%Y-%m') as effective_month
    from versions

)

select * from final
