-- Each scored entity-month under each rule of its scheme version: the indicator value the
-- rule reads (at the catalog's grain: a team-grain indicator is read for the entity's
-- team, a center-grain one for the center; a team card reads agent indicators as their
-- team roll-up; a rule's `scope` can ask for the team or center value instead), the
-- low-sample mark, and the value relative to the team or center
-- average of the eligible entities when the rule says `relative_to`.
-- A quarterly or yearly scheme reads the period's values (int_scoring__period_values).
-- The target is the rule's, or the one of scheme_rule_targets for the month of the year;
-- with an allowed monthly decline, the higher of that and the entity's value of the month
-- before less the decline (the phone-manager card's retention).
-- Precision: the value read is the published one (rounded to its catalog decimals); a
-- relative value (value ÷ average) is rounded half up to 4 decimals, and the method
-- scores that number (docs/scoring.md).
with

entity_months as (

    select * from {{ ref('int_scoring__entity_months') }}

),

rules as (

    select * from {{ ref('scheme_rules') }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

indicator_values as (

    select * from {{ ref('int_scoring__period_values') }}

),

rule_targets as (

    select * from {{ ref('scheme_rule_targets') }}

),

months_of_year as (
    {%- for month_of_year in range(1, 13) %}

    select {{ month_of_year }} as month_of_year
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

-- The target row in effect for each month of the year: the latest from_month_of_year.
targets_by_month_of_year as (

    select
        rule_targets.scheme_id,
        rule_targets.version,
        rule_targets.rule_id,
        months_of_year.month_of_year,
        rule_targets.target,
        rule_targets.max_monthly_decline,
        row_number() over (
            partition by
                rule_targets.scheme_id, rule_targets.version, rule_targets.rule_id,
                months_of_year.month_of_year
            order by rule_targets.from_month_of_year desc
        ) as target_rank
    from rule_targets
    inner join months_of_year
        on rule_targets.from_month_of_year <= months_of_year.month_of_year

),

rule_reads as (

    select
        entity_months.scheme_id,
        entity_months.version,
        entity_months.grain as scheme_grain,
        entity_months.entity_id,
        entity_months.month,
        entity_months.team_id,
        entity_months.is_eligible,
        entity_months.period,
        rules.rule_id,
        rules.indicator_code,
        rules.section,
        rules.weight,
        rules.method,
        targets_by_month_of_year.max_monthly_decline,
        rules.floor,
        rules.ceiling,
        rules.step,
        rules.per_step,
        rules.per_unit,
        rules.cap,
        rules.relative_to,
        rules.min_denominator,
        coalesce(targets_by_month_of_year.target, rules.target) as base_target,
        coalesce(rules.direction, catalog.direction) as direction,
        coalesce(rules.missing_policy, 'zero') as missing_policy,
        case
            when rules.scope = 'center' then 'center'
            when rules.scope = 'team' and catalog.grain in ('agent', 'team', 'queue') then 'team'
            -- a team card reads agent indicators, and service level, as its team's value
            when entity_months.grain = 'team' and catalog.grain in ('agent', 'queue') then 'team'
            else catalog.grain
        end as read_grain
    from entity_months
    inner join rules
        on
            entity_months.scheme_id = rules.scheme_id
            and entity_months.version = rules.version
    left join catalog
        on rules.indicator_code = catalog.code
    left join targets_by_month_of_year
        on
            rules.scheme_id = targets_by_month_of_year.scheme_id
            and rules.version = targets_by_month_of_year.version
            and rules.rule_id = targets_by_month_of_year.rule_id
            and {{ date_part('month', 'entity_months.month') }}
            = targets_by_month_of_year.month_of_year
            and targets_by_month_of_year.target_rank = 1

),

with_values as (

    select
        rule_reads.*,
        cast(indicator_values.value as decimal(18, 4)) as indicator_value,
        indicator_values.numerator,
        indicator_values.denominator,
        coalesce(
            rule_reads.min_denominator is not null
            and coalesce(indicator_values.denominator, 0) < rule_reads.min_denominator,
            false
        ) as is_low_sample
    from rule_reads
    left join indicator_values
        on
            rule_reads.indicator_code = indicator_values.indicator_code
            and rule_reads.month = indicator_values.month
            and rule_reads.period = indicator_values.period
            and rule_reads.read_grain = indicator_values.grain
            and indicator_values.entity_id = case rule_reads.read_grain
                when 'team' then rule_reads.team_id
                when 'center' then 'center'
                else rule_reads.entity_id
            end

),

-- The month before's value, for targets with an allowed monthly decline.
with_targets as (

    select
        with_values.*,
        cast(previous_values.value as decimal(18, 4)) as previous_month_value,
        case
            when with_values.max_monthly_decline is null then with_values.base_target
            else greatest(
                with_values.base_target,
                coalesce(
                    cast(previous_values.value as decimal(18, 4))
                    - with_values.max_monthly_decline,
                    with_values.base_target
                )
            )
        end as target
    from with_values
    left join indicator_values as previous_values
        on
            with_values.max_monthly_decline is not null
            and with_values.indicator_code = previous_values.indicator_code
            and previous_values.period = 'month'
            and {{ dbt.dateadd('month', -1, 'with_values.month') }} = previous_values.month
            and with_values.read_grain = previous_values.grain
            and previous_values.entity_id = case with_values.read_grain
                when 'team' then with_values.team_id
                when 'center' then 'center'
                else with_values.entity_id
            end

),

-- Averages of the eligible entities' values, for rules scored relative to them.
with_averages as (

    select
        *,
        {{ exact_number(
            'avg(case when is_eligible then indicator_value end) over ('
            ~ 'partition by scheme_id, version, month, rule_id, team_id)'
        ) }} as team_average,
        {{ exact_number(
            'avg(case when is_eligible then indicator_value end) over ('
            ~ 'partition by scheme_id, version, month, rule_id)'
        ) }} as center_average
    from with_targets

),

relative as (

    select
        *,
        case relative_to
            when 'team_avg'
                then {{ round_half_up(safe_divide('indicator_value', 'team_average'), 4) }}
            when 'center_avg'
                then {{ round_half_up(safe_divide('indicator_value', 'center_average'), 4) }}
            else indicator_value
        end as scored_value
    from with_averages

),

final as (

    select
        *,
        scored_value is null or is_low_sample as is_missing
    from relative

)

select * from final
