-- CNY items of the schemes' money rules for every scored entity-month: a rule applies when
-- its indicator's value meets `comparison threshold` (ge, gt, le, lt, eq; empty: always)
-- and is worth amount_cny plus per_unit_cny × the value, in exact yuan rounded half up to
-- fen (2 decimals) per item. Negative amounts are deductions. The value is the entity's
-- own (scope self) or its team's (scope team: the e-commerce supervisor's 500 元), of the
-- scheme's period.
with

entity_months as (

    select * from {{ ref('int_scoring__entity_months') }}

),

money_rules as (

    select * from {{ ref('money_rules') }}

),

period_values as (

    select * from {{ ref('int_scoring__period_values') }}

),

applied as (

    select
        entity_months.scheme_id,
        entity_months.version,
        entity_months.entity_id,
        entity_months.month,
        money_rules.rule_id,
        money_rules.indicator_code,
        money_rules.comparison,
        money_rules.threshold,
        money_rules.note,
        period_values.value,
        money_rules.amount_cny,
        money_rules.per_unit_cny,
        coalesce(money_rules.from_bonus_only, false) as is_from_bonus_only,
        coalesce(case money_rules.comparison
            when 'ge' then period_values.value >= money_rules.threshold
            when 'gt' then period_values.value > money_rules.threshold
            when 'le' then period_values.value <= money_rules.threshold
            when 'lt' then period_values.value < money_rules.threshold
            when 'eq' then period_values.value = money_rules.threshold
            else period_values.value is not null
        end, false) as applies
    from entity_months
    inner join money_rules
        on
            entity_months.scheme_id = money_rules.scheme_id
            and entity_months.version = money_rules.version
    left join period_values
        on
            money_rules.indicator_code = period_values.indicator_code
            and entity_months.month = period_values.month
            and entity_months.period = period_values.period
            and period_values.grain = case
                when money_rules.scope = 'team' then 'team'
                when entity_months.grain = 'team' then 'team'
                else 'agent'
            end
            and period_values.entity_id = case
                when money_rules.scope = 'team' then entity_months.team_id
                else entity_months.entity_id
            end

),

final as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        rule_id,
        indicator_code,
        comparison,
        threshold,
        note,
        value,
        applies,
        is_from_bonus_only,
        case
            when applies
                then {{ round_half_up(
                    'coalesce(amount_cny, 0) + coalesce(per_unit_cny * value, 0)', 2
                ) }}
            else 0
        end as amount_cny
    from applied

)

select * from final
