-- Every scheme version with the months it applies to (from its effective_month up to the
-- next version's) and the defaults of SPEC §6 filled in where the seed leaves them blank.
with

schemes as (

    select * from {{ ref('schemes') }}

),

versions as (

    select
        scheme_id,
        version,
        {%- if var('schemes_from', '') %}
        -- `scorecard build --schemes-from YYYY-MM`: a warehouse scoring history applies each
        -- scheme's first version from that month (recorded in the publication log).
        case
            when
                version = min(version) over (partition by scheme_id)
                and '{{ var("schemes_from") }}' < effective_month
                then cast('{{ var("schemes_from") }}-01' as date)
            else cast(effective_month || '-01' as date)
        end as effective_from,
        {%- else %}
        cast(effective_month || '-01' as date) as effective_from,
        {%- endif %}
        name_zh,
        name_en,
        roles,
        source_document,
        grade_a_quota,
        grade_b_quota,
        bonus_base_cny,
        money_floor_cny,
        assumptions,
        lead(cast(effective_month || '-01' as date)) over (
            partition by scheme_id order by effective_month
        ) as effective_until,
        coalesce(grain, 'agent') as grain,
        coalesce(period, 'month') as period,
        coalesce(kpi_share, 0.8) as kpi_share,
        coalesce(cpi_share, 0.2) as cpi_share,
        coalesce(kpi_total, 100) as kpi_total,
        coalesce(cpi_total, 100) as cpi_total,
        coalesce(composition, 'weighted_sections') as composition,
        coalesce(total_min, 0) as total_min,
        coalesce(total_max, 100) as total_max,
        coalesce(min_attendance_days, 5) as min_attendance_days,
        coalesce(grade_scale, 'default') as grade_scale,
        coalesce(forced_distribution, false) as forced_distribution,
        coalesce(star_levels, false) as star_levels
    from schemes

)

select * from versions
