-- The points of every rule before re-weighting (SPEC §6). With P = weight and v the
-- scored value:
--   linear     higher: P × clamp((v − floor) ÷ (target − floor), 0, 1)
--              lower:  P × clamp((ceiling − v) ÷ (ceiling − target), 0, 1),
--                      or P × min(target ÷ v, 1) without a ceiling
--   threshold  P when v meets the target, else 0
--   bands      the points of the highest bound v reaches (lower is better: the lowest
--              bound v stays under)
--   deduct     P − per_step × ceil(shortfall ÷ step), at least 0
--   additive   min(cap, v × per_unit), keeping the sign of per_unit
-- A missing value (NULL, or below min_denominator) gets 0 (`zero`), P (`full`), or is
-- dropped (`reweight`: NULL points, handled in int_scoring__reweighted_points).
-- Precision: a rule's points are rounded half up to 2 decimals here, once
-- (docs/scoring.md); everything after adds exact decimals.
with

rule_values as (

    select * from {{ ref('int_scoring__rule_values') }}

),

bands as (

    select * from {{ ref('int_scoring__rule_bands') }}

),

band_matches as (

    select
        rule_values.scheme_id,
        rule_values.version,
        rule_values.rule_id,
        rule_values.entity_id,
        rule_values.month,
        bands.points,
        row_number() over (
            partition by
                rule_values.scheme_id, rule_values.version, rule_values.rule_id,
                rule_values.entity_id, rule_values.month
            order by
                case when rule_values.direction = 'lower' then bands.bound end asc,
                bands.bound desc
        ) as band_rank
    from rule_values
    inner join bands
        on
            rule_values.scheme_id = bands.scheme_id
            and rule_values.version = bands.version
            and rule_values.rule_id = bands.rule_id
            and (
                (rule_values.direction = 'lower' and rule_values.scored_value <= bands.bound)
                or (
                    coalesce(rule_values.direction, 'higher') <> 'lower'
                    and rule_values.scored_value >= bands.bound
                )
            )

),

with_band as (

    select
        rule_values.*,
        coalesce(band_matches.points, 0) as band_points
    from rule_values
    left join band_matches
        on
            rule_values.scheme_id = band_matches.scheme_id
            and rule_values.version = band_matches.version
            and rule_values.rule_id = band_matches.rule_id
            and rule_values.entity_id = band_matches.entity_id
            and rule_values.month = band_matches.month
            and band_matches.band_rank = 1

),

method_points as (

    select
        *,
        case
            when method = 'linear' and direction = 'lower' and ceiling is not null
                then weight * greatest(least(
                    (ceiling - scored_value) / nullif(ceiling - target, 0), 1
                ), 0)
            when method = 'linear' and direction = 'lower'
                then weight * case
                    when scored_value <= 0 then 1 else least(target / scored_value, 1)
                end
            when method = 'linear'
                then weight * greatest(least(
                    (scored_value - coalesce(floor, 0)) / nullif(target - coalesce(floor, 0), 0),
                    1
                ), 0)
            when method = 'threshold'
                then case
                    when direction = 'lower' and scored_value <= target then weight
                    when direction <> 'lower' and scored_value >= target then weight
                    else 0
                end
            when method = 'bands' then band_points
            when method = 'deduct'
                -- rounded before ceil: 0.80 − 0.78 is 0.0200000000000000018 in binary
                then greatest(weight - per_step * ceil(round(
                    greatest(
                        case
                            when direction = 'lower' then scored_value - target
                            else target - scored_value
                        end,
                        0
                    ) / step,
                    9
                )), 0)
            when method = 'additive'
                then sign(per_unit) * least(
                    coalesce(cap, abs(scored_value * per_unit)), abs(scored_value * per_unit)
                )
        end as computed_points
    from with_band

),

final as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        team_id,
        is_eligible,
        rule_id,
        indicator_code,
        section,
        weight,
        method,
        direction,
        target,
        floor,
        ceiling,
        step,
        per_step,
        per_unit,
        cap,
        relative_to,
        missing_policy,
        min_denominator,
        indicator_value,
        numerator,
        denominator,
        scored_value,
        is_low_sample,
        is_missing,
        computed_points,
        {{ round_half_up(
            "case when not is_missing then computed_points"
            ~ " when missing_policy = 'full' then weight"
            ~ " when missing_policy = 'reweight' then null"
            ~ " else 0 end",
            2
        ) }} as points,
        case
            when is_missing and is_low_sample then missing_policy || ' (low sample)'
            when is_missing then missing_policy
        end as missing_policy_applied
    from method_points

)

select * from final
