-- The multi-month rules of SPEC §6 as flags (not actions), per scheme, agent and month,
-- with the evidence in words, for the monthly schemes (a quarterly or yearly card has no
-- "month before"). Thresholds are vars (flag_low_score, flag_valid_complaints,
-- flag_top_n, flag_bottom_n). A month counts as consecutive when it directly follows.
-- * probation_demotion: the first month of employment scored under 70. The first month is
--   the month of hire_date (or, without one, of the agent's first roster row), or the
--   month after it when the agent was hired too late in the month to be scored then
--   (fewer than the scheme's minimum attendance days); a veteran first seen in a backfill
--   is not in their first month.
-- * improvement_plan: the bottom 3 - an ascending competition rank ≤ 3, ties included (20
--   agents tied at the bottom are all flagged). In a group of 3 or fewer eligible agents
--   there is no bottom 3 apart from the whole group: nobody is flagged.
-- * zero_kpi_demotion: a KPI row whose real value scored 0 - not a missing value given 0 by
--   its policy, and not a bonus item (those are adjustments, SPEC §6 sections).
-- * top_3_three_months_award: in the top 3 in each month of a calendar quarter
--   (「连续3个月(季度)评比」), raised once, in the quarter's last month, with an award rank
--   (seed flag_awards: 500/300/200 元): the competition rank, among the agents with the
--   flag that quarter, of their three months' totals added up.
-- * indicator_flags (seed): a scheme's own rule on one indicator over consecutive months
--   (TMK: conversion below 30 % two months running → suspension_training).
{%- set low = var('flag_low_score', 70) %}
{%- set top_n = var('flag_top_n', 3) %}
{%- set bottom_n = var('flag_bottom_n', 3) %}
{%- set complaints = var('flag_valid_complaints', 2) %}

with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible and grain in ('agent', 'evaluator') and period = 'month'

),

rule_points as (

    select * from {{ ref('int_scoring__rule_points') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

indicator_values as (

    select * from {{ ref('int_scoring__period_values') }}
    where grain = 'agent' and period = 'month'

),

indicator_flags as (

    select * from {{ ref('indicator_flags') }}

),

valid_complaints as (

    select
        entity_id as agent_id,
        month,
        value as valid_complaints
    from indicator_values
    where indicator_code = 'valid_complaints'

),

history as (

    select
        graded.scheme_id,
        graded.version,
        graded.agent_id,
        graded.month,
        graded.total_score,
        graded.rank_in_center,
        graded.rank_from_bottom,
        graded.eligible_count,
        coalesce(valid_complaints.valid_complaints, 0) as valid_complaints,
        cast({{ month_of('agent_months.employed_from') }} as date) as hire_month,
        agent_months.employed_from,
        lag(graded.month) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_month,
        lag(graded.total_score) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_total,
        lag(graded.month, 2) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as month_before_previous,
        lag(graded.total_score, 2) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as total_before_previous,
        lag(graded.rank_in_center) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_rank,
        lag(graded.rank_in_center, 2) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as rank_before_previous
    from graded
    left join agent_months
        on
            graded.agent_id = agent_months.agent_id
            and graded.month = agent_months.month
    left join valid_complaints
        on
            graded.agent_id = valid_complaints.agent_id
            and graded.month = valid_complaints.month

),

-- The first month scored since the hire month, when that is the hire month or the next.
first_months as (

    select
        scheme_id,
        agent_id,
        min(month) as first_scored_month
    from history
    where month >= hire_month
    group by scheme_id, agent_id

),

zero_kpi_rows as (

    select
        scheme_id,
        entity_id as agent_id,
        month,
        {{ scorecard_listagg('indicator_code', "', '", 'order by indicator_code') }} as indicators
    from rule_points
    where section = 'kpi' and points = 0 and missing_policy_applied is null
    group by scheme_id, entity_id, month

),

three_month_awards as (

    select
        *,
        rank() over (
            partition by scheme_id, month
            order by total_score + previous_total + total_before_previous desc
        ) as award_rank
    from history
    where
        rank_in_center <= {{ top_n }}
        and previous_rank <= {{ top_n }}
        and rank_before_previous <= {{ top_n }}
        and previous_month = {{ dbt.dateadd('month', -1, 'month') }}
        and month_before_previous = {{ dbt.dateadd('month', -2, 'month') }}
        and mod({{ date_part('month', 'month') }}, 3) = 0

),

-- Each scheme indicator rule over the agent's months: whether the comparison held.
indicator_checks as (

    select
        history.scheme_id,
        history.version,
        history.agent_id,
        history.month,
        indicator_flags.flag,
        indicator_flags.indicator_code,
        indicator_flags.comparison,
        indicator_flags.threshold,
        indicator_flags.consecutive_months,
        indicator_values.value,
        coalesce(case indicator_flags.comparison
            when 'ge' then indicator_values.value >= indicator_flags.threshold
            when 'gt' then indicator_values.value > indicator_flags.threshold
            when 'le' then indicator_values.value <= indicator_flags.threshold
            when 'lt' then indicator_values.value < indicator_flags.threshold
            when 'eq' then indicator_values.value = indicator_flags.threshold
        end, false) as holds
    from history
    inner join indicator_flags
        on
            history.scheme_id = indicator_flags.scheme_id
            and history.version = indicator_flags.version
    left join indicator_values
        on
            history.agent_id = indicator_values.entity_id
            and history.month = indicator_values.month
            and indicator_flags.indicator_code = indicator_values.indicator_code

),

indicator_runs as (

    select
        *,
        lag(month) over (
            partition by scheme_id, agent_id, flag order by month
        ) as previous_month,
        lag(month, 2) over (
            partition by scheme_id, agent_id, flag order by month
        ) as month_before_previous,
        lag(holds) over (partition by scheme_id, agent_id, flag order by month) as held_before,
        lag(holds, 2) over (
            partition by scheme_id, agent_id, flag order by month
        ) as held_two_before,
        lag(value) over (partition by scheme_id, agent_id, flag order by month) as value_before,
        lag(value, 2) over (
            partition by scheme_id, agent_id, flag order by month
        ) as value_two_before
    from indicator_checks

),

flags as (

    select
        history.scheme_id,
        history.version,
        history.agent_id,
        history.month,
        'probation_demotion' as flag,
        cast(null as integer) as award_rank,
        'first month of employment (hired '
        || cast(history.employed_from as {{ dbt.type_string() }})
        || '), total ' || cast(history.total_score as {{ dbt.type_string() }})
        || ' < {{ low }}' as evidence
    from history
    inner join first_months
        on
            history.scheme_id = first_months.scheme_id
            and history.agent_id = first_months.agent_id
            and history.month = first_months.first_scored_month
    where
        history.total_score < {{ low }}
        and history.month <= {{ dbt.dateadd('month', 1, 'history.hire_month') }}

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        'dismissal_review' as flag,
        cast(null as integer) as award_rank,
        'totals ' || cast(previous_total as {{ dbt.type_string() }}) || ' and '
        || cast(total_score as {{ dbt.type_string() }})
        || ' in two consecutive months < {{ low }}' as evidence
    from history
    where
        total_score < {{ low }}
        and previous_total < {{ low }}
        and previous_month = {{ dbt.dateadd('month', -1, 'month') }}

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        'complaint_demotion' as flag,
        cast(null as integer) as award_rank,
        cast(cast(valid_complaints as integer) as {{ dbt.type_string() }})
        || ' valid complaints' as evidence
    from history
    where valid_complaints >= {{ complaints }}

    union all

    select
        history.scheme_id,
        history.version,
        history.agent_id,
        history.month,
        'zero_kpi_demotion' as flag,
        cast(null as integer) as award_rank,
        'KPI rows scoring 0 on a real value: ' || zero_kpi_rows.indicators as evidence
    from history
    inner join zero_kpi_rows
        on
            history.scheme_id = zero_kpi_rows.scheme_id
            and history.agent_id = zero_kpi_rows.agent_id
            and history.month = zero_kpi_rows.month

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        case rank_in_center when 1 then 'service_star' else 'rising_star' end as flag,
        cast(null as integer) as award_rank,
        'rank ' || cast(rank_in_center as {{ dbt.type_string() }})
        || ' in the center, no valid complaint' as evidence
    from history
    where rank_in_center <= 2 and valid_complaints = 0

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        'top_{{ top_n }}_three_months_award' as flag,
        cast(award_rank as integer) as award_rank,
        'ranks ' || cast(rank_before_previous as {{ dbt.type_string() }}) || ', '
        || cast(previous_rank as {{ dbt.type_string() }}) || ', '
        || cast(rank_in_center as {{ dbt.type_string() }})
        || ' in the quarter''s three months; totals '
        || cast(total_before_previous + previous_total + total_score as {{ dbt.type_string() }})
        || ' together, award rank ' || cast(award_rank as {{ dbt.type_string() }})
            as evidence
    from three_month_awards

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        'improvement_plan' as flag,
        cast(null as integer) as award_rank,
        'rank ' || cast(rank_from_bottom as {{ dbt.type_string() }}) || ' from the bottom of '
        || cast(eligible_count as {{ dbt.type_string() }}) || ' (bottom {{ bottom_n }})'
            as evidence
    from history
    where rank_from_bottom <= {{ bottom_n }} and eligible_count > {{ bottom_n }}

    union all

    select
        scheme_id,
        version,
        agent_id,
        month,
        flag,
        cast(null as integer) as award_rank,
        indicator_code || ' ' || comparison || ' '
        || cast(threshold as {{ dbt.type_string() }}) || ' in '
        || cast(consecutive_months as {{ dbt.type_string() }}) || ' consecutive months: '
        || case consecutive_months
            when 1 then ''
            when 2 then cast(value_before as {{ dbt.type_string() }}) || ', '
            else
                cast(value_two_before as {{ dbt.type_string() }}) || ', '
                || cast(value_before as {{ dbt.type_string() }}) || ', '
        end
        || cast(value as {{ dbt.type_string() }}) as evidence
    from indicator_runs
    where
        holds
        and (
            consecutive_months = 1
            or (
                held_before
                and previous_month = {{ dbt.dateadd('month', -1, 'month') }}
                and (
                    consecutive_months = 2
                    or (
                        held_two_before
                        and month_before_previous = {{ dbt.dateadd('month', -2, 'month') }}
                    )
                )
            )
        )

),

final as (

    select
        scheme_id,
        version,
        agent_id,
        month,
        flag,
        award_rank,
        evidence
    from flags

)

select * from final
