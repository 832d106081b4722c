-- Current staged rows per source, local day of attribution (SPEC §4) and file load: the
-- gate's volume check reads the daily totals, publication counts rows loaded after a
-- month's final publication (late data) from load_id.
-- Incremental by month (docs/incremental.md): a run counts the rows of the months being
-- built (a month's counts change only when its rows do, int_warehouse__months_to_rebuild).
{{ config(**incremental_by_month()) }}

{#- source, staging model, the day a row is attributed to (monthly sources: the 1st) -#}
{%- set dated_sources = [
    ('calls', 'stg_calls__calls', 'cast(offered_at_local as date)'),
    ('agent_states', 'stg_agent_states__state_intervals', 'cast(started_at_local as date)'),
    ('qa_evaluations', 'stg_qa_evaluations__evaluations', 'cast(evaluated_at_local as date)'),
    ('attendance', 'stg_attendance__shifts', 'work_date'),
    ('sales', 'stg_sales__orders', 'cast(ordered_at_local as date)'),
    ('return_requests', 'stg_return_requests__return_requests', 'cast(requested_at_local as date)'),
    ('surveys', 'stg_surveys__responses', 'cast(responded_at_local as date)'),
    ('complaints', 'stg_complaints__complaints', 'cast(received_at_local as date)'),
    ('exams', 'stg_exams__attempts', 'cast(taken_at_local as date)'),
    ('adjustments', 'stg_adjustments__events', 'cast(occurred_at_local as date)'),
    ('ratings', 'stg_ratings__ratings', 'month'),
    ('indicator_inputs', 'stg_indicator_inputs__values', 'month'),
] %}

with

all_rows as (
    {% for source_name, model, activity_date in dated_sources %}
    select
        '{{ source_name }}' as source_name,
        {{ activity_date }} as activity_date,
        load_id
    from {{ ref(model) }}
    where {{ in_months_to_build(month_of(activity_date)) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_name,
        activity_date,
        load_id,
        {{ month_of('activity_date') }} as month,
        source_name not in ('ratings', 'indicator_inputs') as is_daily_source,
        count(*) as row_count
    from all_rows
    group by source_name, activity_date, load_id
)

select * from final
