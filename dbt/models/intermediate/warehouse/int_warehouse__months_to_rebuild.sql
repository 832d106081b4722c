{#-
    The months rule of the incremental build (docs/incremental.md): for every file load, the
    center-local months whose indicators its rows can change. The orchestrator asks, after
    loading,

        select distinct month from int_warehouse__months_to_rebuild  -- schema intermediate
        where load_id > <the last load the previous build saw>

    and passes the answer to dbt as SCORECARD_MONTHS_TO_BUILD. A loaded row (a new key, or a
    correction of a key) changes:
    * `row`: the month it is attributed to (SPEC §4), and `superseded`: the month of every
      earlier version of its key (a correction can move a row to another month; the old
      month loses it).
    Cross-month effects, for the row and for the versions it supersedes:
    * `fcr_window` (calls): an inbound leg offered at t is a repeat call for the FCR of
      the same customer's answered legs that ended in [t − 168 h, t): their months (the
      previous month, when t is in the first days of a month).
    * `interval_span` (agent_states): an interval counts in every month it overlaps (it is
      cut at month ends), from the month of its start to the month of its end.
    * `calibrated_original` (qa_evaluations): a calibration re-score counts, for
      qa_calibration_agreement, in the month of the original evaluation it calibrates.
    * `selling_call` (sales): an order placed on a call makes it a selling call
      (sales_success_rate) in the month of the call.
    * `roster` (agents): a roster row changes the employment spine and team attribution of
      every month from the earliest of its hire_date, valid_from and leave_date on: all
      those months that have data.
    Not covered here, because no load causes them: a change of a seed (catalog, calendar,
    weights), of a var (time zone, FCR window, thresholds) or of the code rebuilds every
    month (--full-refresh). Same-month dependencies between families (surveys and calls,
    conversion, service level, the employment spine) need nothing: every incremental model
    rebuilds every month of the list.

    A view: computed only when asked, from the raw tables (zone maps on _load_id keep
    `load_id > N` cheap) and the previous build's int_calls__classified.
-#}
{%- set simple_sources = [
    ('adjustments', ['adjustment_id'], to_center_time('occurred_at')),
    ('attendance', ['agent_id', 'work_date'], 'work_date'),
    ('complaints', ['complaint_id'], to_center_time('received_at')),
    ('exams', ['agent_id', 'exam_id', 'attempt'], to_center_time('taken_at')),
    ('indicator_inputs', ['entity_id', 'month', 'indicator_code'], 'month'),
    ('ratings', ['agent_id', 'month', 'rater_type', 'rater_id', 'competency'], 'month'),
    ('return_requests', ['request_id'], to_center_time('requested_at')),
    ('surveys', ['survey_id'], to_center_time('responded_at')),
] -%}

{{ config(materialized='view') }}


with

calendar as (

    select * from {{ ref('int_calendar__days') }}

),

classified_calls as (

    select * from {{ ref('int_calls__classified') }}

),

source_rows as (

    select * from {{ ref('int_source_rows__daily') }}

),

months as (

    select distinct month_start as month
    from calendar

),

data_months as (

    select distinct month
    from source_rows

),

{% for source_name, keys, attributed_at in simple_sources %}
{{ source_name }}_months as (

    select
        load_id,
        '{{ source_name }}' as source_name,
        version_reason as reason,
        {{ month_of(attributed_at) }} as month
    from ({{ load_versions(source_name, keys) }}) as changed

),

{% endfor %}
call_versions as (

    {{ load_versions('calls', ['call_id']) }}

),

call_months as (

    select
        load_id,
        'calls' as source_name,
        version_reason as reason,
        {{ month_of(to_center_time('offered_at')) }} as month
    from call_versions

    union all

    select
        call_versions.load_id,
        'calls' as source_name,
        'fcr_window' as reason,
        classified_calls.month
    from call_versions
    inner join classified_calls
        on
            call_versions.customer_hash = classified_calls.customer_hash
            and call_versions.offered_at > classified_calls.ended_at_utc
            and call_versions.offered_at <= {{ dbt.dateadd(
                'hour', var('fcr_repeat_window_hours'), 'classified_calls.ended_at_utc'
            ) }}
    where call_versions.direction = 'inbound' and classified_calls.is_fcr_eligible

),

state_versions as (

    {{ load_versions('agent_states', ['agent_id', 'started_at']) }}

),

state_months as (

    select
        state_versions.load_id,
        'agent_states' as source_name,
        case
            when months.month = {{ month_of(to_center_time('state_versions.started_at')) }}
                then state_versions.version_reason
            else 'interval_span'
        end as reason,
        months.month
    from state_versions
    inner join months
        on
            months.month >= {{ month_of(to_center_time('state_versions.started_at')) }}
            and months.month <= {{ month_of(to_center_time('state_versions.ended_at')) }}

),

evaluation_versions as (

    {{ load_versions('qa_evaluations', ['evaluation_id']) }}

),

evaluation_months as (

    select
        load_id,
        'qa_evaluations' as source_name,
        version_reason as reason,
        {{ month_of(to_center_time('evaluated_at')) }} as month
    from evaluation_versions

    union all

    select
        evaluation_versions.load_id,
        'qa_evaluations' as source_name,
        'calibrated_original' as reason,
        {{ month_of(to_center_time('originals.evaluated_at')) }} as month
    from evaluation_versions
    inner join {{ source('qa_evaluations', 'qa_evaluations') }} as originals
        on evaluation_versions.calibrates_evaluation_id = originals.evaluation_id

),

order_versions as (

    {{ load_versions('sales', ['order_id']) }}

),

order_months as (

    select
        load_id,
        'sales' as source_name,
        version_reason as reason,
        {{ month_of(to_center_time('ordered_at')) }} as month
    from order_versions

    union all

    select
        order_versions.load_id,
        'sales' as source_name,
        'selling_call' as reason,
        classified_calls.month
    from order_versions
    inner join classified_calls
        on order_versions.call_id = classified_calls.call_id

),

roster_versions as (

    {{ load_versions('agents', ['agent_id', 'valid_from']) }}

),

roster_months as (

    select
        roster_versions.load_id,
        'agents' as source_name,
        'roster' as reason,
        data_months.month
    from roster_versions
    inner join data_months
        on
            data_months.month >= {{ month_of(
                'least(coalesce(roster_versions.hire_date, roster_versions.valid_from), '
                ~ 'roster_versions.valid_from, '
                ~ 'coalesce(roster_versions.leave_date, roster_versions.valid_from))'
            ) }}

),

all_months as (

    {% for source_name, keys, attributed_at in simple_sources %}
    select * from {{ source_name }}_months
    union all
    {% endfor %}
    select * from call_months
    union all
    select * from state_months
    union all
    select * from evaluation_months
    union all
    select * from order_months
    union all
    select * from roster_months

),

final as (

    select distinct
        load_id,
        source_name,
        reason,
        month
    from all_months

)

select * from final
