-- The points every rule gives after re-weighting, and the most it could give (SPEC §6):
-- the one place re-weighting happens (entity scores, the indicator-score mart and explain
-- read it).
-- A KPI or CPI row dropped for missing data (`reweight`: NULL points) gives nothing and
-- can give nothing (max_points 0); the section's total weight is shared among the rows it
-- kept, in proportion to their weights. That share is rounded to cents by the largest
-- remainder, so the kept rows' max_points add up to the section weight exactly (three kept
-- rows of a 100-point section get 33.34 + 33.33 + 33.33, never 99.99). A kept row's
-- points are its points before re-weighting × max_points ÷ weight, rounded half up to
-- 2 decimals; section points are the exact sum of these (docs/scoring.md, Precision).
-- Adjustment and multiplier rows are never re-weighted.
with

rule_points as (

    select * from {{ ref('int_scoring__rule_points') }}

),

sections as (

    select
        *,
        section in ('kpi', 'cpi') as is_reweighted_section,
        sum(weight) over (
            partition by scheme_id, version, entity_id, month, section
        ) as section_weight,
        sum(case when points is not null then weight end) over (
            partition by scheme_id, version, entity_id, month, section
        ) as kept_weight
    from rule_points

),

-- Each kept row's exact share of the section weight, in cents, split into whole cents
-- and the remainder that decides who gets the cents left over.
shares as (

    select
        *,
        {{ exact_number(
            'weight * 100 * ' ~ safe_divide('section_weight', 'kept_weight')
        ) }} as share_cents
    from sections
    where is_reweighted_section and points is not null

),

cents as (

    select
        *,
        floor(share_cents) as whole_cents,
        share_cents - floor(share_cents) as remainder_cents,
        cast(section_weight * 100 as bigint)
        - sum(floor(share_cents)) over (
            partition by scheme_id, version, entity_id, month, section
        ) as cents_left
    from shares

),

allocated as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        rule_id,
        cast(
            (
                whole_cents
                + case
                    when row_number() over (
                        partition by scheme_id, version, entity_id, month, section
                        order by remainder_cents desc, rule_id asc
                    ) <= cents_left then 1
                    else 0
                end
            ) * 0.01 as decimal(18, 2)
        ) as reweighted_max_points
    from cents

),

final as (

    select
        sections.scheme_id,
        sections.version,
        sections.entity_id,
        sections.month,
        sections.rule_id,
        sections.indicator_code,
        sections.section,
        sections.indicator_value,
        sections.scored_value,
        sections.numerator,
        sections.denominator,
        sections.target,
        sections.method,
        sections.direction,
        sections.relative_to,
        sections.weight,
        sections.points,
        sections.is_low_sample,
        sections.missing_policy_applied,
        sections.is_reweighted_section,
        sections.section_weight,
        sections.kept_weight,
        case
            when not sections.is_reweighted_section then sections.weight
            else coalesce(allocated.reweighted_max_points, 0)
        end as max_points,
        case
            when not sections.is_reweighted_section then sections.points
            when sections.points is null then null
            when sections.weight = 0 then sections.points
            else {{ round_half_up(
                'sections.points * allocated.reweighted_max_points / sections.weight', 2
            ) }}
        end as reweighted_points
    from sections
    left join allocated
        on
            sections.scheme_id = allocated.scheme_id
            and sections.version = allocated.version
            and sections.entity_id = allocated.entity_id
            and sections.month = allocated.month
            and sections.rule_id = allocated.rule_id

)

select * from final
