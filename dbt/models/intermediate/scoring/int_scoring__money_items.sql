-- CNY items of the schemes' money rules for every scored entity-month: a rule applies when
-- its indicator's value meets `comparison threshold` (ge, gt, le, lt, eq; empty: always)
-- and is worth amount_cny plus per_unit_cny × the value, in exact yuan rounded half up to
-- fen (2 decimals) per item. Negative amounts are deductions.
with

entity_months as (

    select * from {{ ref('int_scoring__entity_months') }}

),

money_rules as (

    select * from {{ ref('money_rules') }}

),

indicator_values as (

    select * from {{ ref('int_indicator_values__all_grains') }}
    where grain = 'agent'

),

applied as (

    select
        entity_months.scheme_id,
        entity_months.version,
        entity_months.entity_id,
        entity_months.month,
        money_rules.rule_id,
        money_rules.indicator_code,
        money_rules.note,
        indicator_values.value,
        money_rules.amount_cny,
        money_rules.per_unit_cny,
        case money_rules.comparison
            when 'ge' then indicator_values.value >= money_rules.threshold
            when 'gt' then indicator_values.value > money_rules.threshold
            when 'le' then indicator_values.value <= money_rules.threshold
            when 'lt' then indicator_values.value < money_rules.threshold
            when 'eq' then indicator_values.value = money_rules.threshold
            else indicator_values.value is not null
        end as applies
    from entity_months
    inner join money_rules
        on
            entity_months.scheme_id = money_rules.scheme_id
            and entity_months.version = money_rules.version
    left join indicator_values
        on
            entity_months.entity_id = indicator_values.entity_id
            and entity_months.month = indicator_values.month
            and money_rules.indicator_code = indicator_values.indicator_code

),

final as (

    select
        scheme_id,
        version,
        entity_id,
        month,
        rule_id,
        indicator_code,
        note,
        value,
        case
            when coalesce(applies, false)
                then {{ round_half_up(
                    'coalesce(amount_cny, 0) + coalesce(per_unit_cny * value, 0)', 2
                ) }}
            else 0
        end as amount_cny
    from applied

)

select * from final
