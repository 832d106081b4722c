-- The multi-month rules of SPEC §6 as flags (not actions), per scheme, agent and month,
-- with the evidence in words. Thresholds are vars (flag_low_score, flag_valid_complaints,
-- flag_top_n, flag_bottom_n). A month counts as consecutive when it directly follows.
{%- set low = var('flag_low_score', 70) %}
{%- set top_n = var('flag_top_n', 3) %}
{%- set bottom_n = var('flag_bottom_n', 3) %}
{%- set complaints = var('flag_valid_complaints', 2) %}

with

graded as (

    select * from {{ ref('int_scoring__graded') }}
    where eligible and grain in ('agent', 'evaluator')

),

rule_points as (

    select * from {{ ref('int_scoring__rule_points') }}

),

indicator_values as (

    select * from {{ ref('int_indicator_values__all_grains') }}
    where grain = 'agent' and indicator_code = 'valid_complaints'

),

history as (

    select
        graded.scheme_id,
        graded.agent_id,
        graded.month,
        graded.total_score,
        graded.rank_in_center,
        graded.eligible_count,
        coalesce(indicator_values.value, 0) as valid_complaints,
        row_number() over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as scored_month_number,
        lag(graded.month) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_month,
        lag(graded.total_score) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_total,
        lag(graded.month, 2) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as month_before_previous,
        lag(graded.rank_in_center) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as previous_rank,
        lag(graded.rank_in_center, 2) over (
            partition by graded.scheme_id, graded.agent_id order by graded.month
        ) as rank_before_previous
    from graded
    left join indicator_values
        on
            graded.agent_id = indicator_values.entity_id
            and graded.month = indicator_values.month

),

zero_kpi_rows as (

    select
        scheme_id,
        entity_id as agent_id,
        month,
        {{ dbt.listagg('indicator_code', "', '", 'order by indicator_code') }} as indicators
    from rule_points
    where section = 'kpi' and points = 0
    group by scheme_id, entity_id, month

),

flags as (

    select
        scheme_id,
        agent_id,
        month,
        'probation_demotion' as flag,
        'first scored month, total ' || total_score || ' < {{ low }}' as evidence
    from history
    where scored_month_number = 1 and total_score < {{ low }}

    union all

    select
        scheme_id,
        agent_id,
        month,
        'dismissal_review' as flag,
        'totals ' || previous_total || ' and ' || total_score
        || ' in two consecutive months < {{ low }}' as evidence
    from history
    where
        total_score < {{ low }}
        and previous_total < {{ low }}
        and previous_month = {{ dbt.dateadd('month', -1, 'month') }}

    union all

    select
        scheme_id,
        agent_id,
        month,
        'complaint_demotion' as flag,
        cast(valid_complaints as integer) || ' valid complaints' as evidence
    from history
    where valid_complaints >= {{ complaints }}

    union all

    select
        history.scheme_id,
        history.agent_id,
        history.month,
        'zero_kpi_demotion' as flag,
        'KPI rows scoring 0: ' || zero_kpi_rows.indicators as evidence
    from history
    inner join zero_kpi_rows
        on
            history.scheme_id = zero_kpi_rows.scheme_id
            and history.agent_id = zero_kpi_rows.agent_id
            and history.month = zero_kpi_rows.month

    union all

    select
        scheme_id,
        agent_id,
        month,
        case rank_in_center when 1 then 'service_star' else 'rising_star' end as flag,
        'rank ' || rank_in_center || ' in the center, no valid complaint' as evidence
    from history
    where rank_in_center <= 2 and valid_complaints = 0

    union all

    select
        scheme_id,
        agent_id,
        month,
        'top_{{ top_n }}_three_months_award' as flag,
        'ranks ' || rank_before_previous || ', ' || previous_rank || ', ' || rank_in_center
        || ' in three consecutive months' as evidence
    from history
    where
        rank_in_center <= {{ top_n }}
        and previous_rank <= {{ top_n }}
        and rank_before_previous <= {{ top_n }}
        and previous_month = {{ dbt.dateadd('month', -1, 'month') }}
        and month_before_previous = {{ dbt.dateadd('month', -2, 'month') }}

    union all

    select
        scheme_id,
        agent_id,
        month,
        'improvement_plan' as flag,
        'rank ' || rank_in_center || ' of ' || eligible_count || ' (bottom {{ bottom_n }})'
            as evidence
    from history
    where rank_in_center > eligible_count - {{ bottom_n }}

)

select * from flags
