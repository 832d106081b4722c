-- Every money amount of every eligible scored entity-month, one line item each (SPEC §8,
-- mart_pay_items): what payroll imports and an auditor adds up. Per entity and month the
-- items add up to mart_agent_scores.bonus_amount.
-- * grade_bonus: the scheme's bonus base × the grade's coefficient (rounded to the fen);
-- * star_<level>: the amount of the total's star level (int_scoring__stars; a 0 元 level is
--   no item);
-- * a money rule's id: the rule's amount when its condition holds (int_scoring__money_items);
-- * a flag: the award of seed flag_awards for the flag (and its award rank);
-- * money_floor: when the scheme floors the month's money (TMK: the work-order and visit
--   penalties come out of the bonus only), what lifts the items the floor covers back to
--   it - every item but the deductions not marked from_bonus_only (fines apply in full).
with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

grade_scales as (

    select * from {{ ref('grade_scales') }}

),

stars as (

    select * from {{ ref('int_scoring__stars') }}

),

money_items as (

    select * from {{ ref('int_scoring__money_items') }}
    where applies

),

flags as (

    select * from {{ ref('int_scoring__flags') }}

),

flag_awards as (

    select * from {{ ref('flag_awards') }}

),

grade_bonus as (

    select
        graded.scheme_id,
        graded.version,
        graded.agent_id,
        graded.month,
        'grade_bonus' as item,
        true as is_floored,
        {{ round_half_up('versions.bonus_base_cny * grade_scales.bonus_coefficient', 2) }}
            as amount_cny,
        'grade ' || graded.grade || ': base '
        || cast(versions.bonus_base_cny as {{ dbt.type_string() }}) || ' × coefficient '
        || cast(grade_scales.bonus_coefficient as {{ dbt.type_string() }}) as evidence
    from graded
    inner join versions
        on graded.scheme_id = versions.scheme_id and graded.version = versions.version
    inner join grade_scales
        on versions.grade_scale = grade_scales.scale_id and graded.grade = grade_scales.grade
    where versions.bonus_base_cny is not null

),

star_money as (

    select
        scheme_id,
        version,
        agent_id,
        month,
        'star_' || star_level as item,
        true as is_floored,
        amount_cny,
        'total ' || cast(total_score as {{ dbt.type_string() }}) || ' ≥ '
        || cast(min_score as {{ dbt.type_string() }}) || ': '
        || star_level as evidence
    from stars
    where amount_cny <> 0

),

rule_money as (

    select
        money_items.scheme_id,
        money_items.version,
        money_items.entity_id as agent_id,
        money_items.month,
        money_items.rule_id as item,
        money_items.amount_cny > 0 or money_items.is_from_bonus_only as is_floored,
        money_items.amount_cny,
        money_items.indicator_code || ' '
        || coalesce(cast(money_items.value as {{ dbt.type_string() }}), '-')
        || coalesce(
            ' ' || money_items.comparison || ' '
            || cast(money_items.threshold as {{ dbt.type_string() }}),
            ''
        )
        || ': ' || money_items.note as evidence
    from money_items
    inner join graded
        on
            money_items.scheme_id = graded.scheme_id
            and money_items.entity_id = graded.agent_id
            and money_items.month = graded.month
    where money_items.amount_cny <> 0

),

awards as (

    select
        flags.scheme_id,
        flags.version,
        flags.agent_id,
        flags.month,
        flags.flag as item,
        true as is_floored,
        flag_awards.amount_cny,
        flags.evidence || ': ' || flag_awards.note as evidence
    from flags
    inner join flag_awards
        on
            flags.scheme_id = flag_awards.scheme_id
            and flags.version = flag_awards.version
            and flags.flag = flag_awards.flag
            and (flag_awards.award_rank is null or flags.award_rank = flag_awards.award_rank)

),

items as (

    select * from grade_bonus
    union all
    select * from star_money
    union all
    select * from rule_money
    union all
    select * from awards

),

floors as (

    select
        items.scheme_id,
        items.version,
        items.agent_id,
        items.month,
        'money_floor' as item,
        true as is_floored,
        max(versions.money_floor_cny) - sum(items.amount_cny) as amount_cny,
        'the bonus and its deductions from_bonus_only may not go below '
        || cast(max(versions.money_floor_cny) as {{ dbt.type_string() }})
        || ' (they add up to ' || cast(sum(items.amount_cny) as {{ dbt.type_string() }})
        || ')' as evidence
    from items
    inner join versions
        on items.scheme_id = versions.scheme_id and items.version = versions.version
    where versions.money_floor_cny is not null and items.is_floored
    group by items.scheme_id, items.version, items.agent_id, items.month
    having sum(items.amount_cny) < max(versions.money_floor_cny)

),

final as (

    select
        all_items.scheme_id,
        all_items.version,
        all_items.agent_id,
        all_items.month,
        {{ period_label('all_items.month', 'versions.period') }} as period,
        all_items.item,
        cast(all_items.amount_cny as decimal(18, 2)) as amount_cny,
        all_items.evidence
    from (
        select * from items
        union all
        select * from floors
    ) as all_items
    inner join versions
        on all_items.scheme_id = versions.scheme_id and all_items.version = versions.version

)

select * from final
