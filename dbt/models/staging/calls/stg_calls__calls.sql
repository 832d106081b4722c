-- A table, not a view: picking each key's current version is a window over every load of
-- the source, the largest in the warehouse. As a view, every model and data test that reads
-- it ran that window again; as a table it runs once per build (README "Performance").
-- Incremental by month (docs/incremental.md), like the models that read it: a nightly run
-- recomputes the current versions of the months being built only. Their keys are those
-- with any version offered in one of those months; the window picks each key's latest
-- version over all its versions, and the rows kept are those whose (new) month is being
-- built. A correction that moves a row to another month drags in both months
-- (int_warehouse__months_to_rebuild), so the old month loses it and the new one gains it.
-- `month` is the partition a build replaces: the calendar month of the center-local
-- offered_at (SPEC §4).
{{ config(**incremental_by_month()) }}

with

source as (

    select * from {{ source('calls', 'calls') }}

),

{% if incremental_months() %}
-- The keys with a version in the months being built. It reads the source itself, not the
-- CTE above, which DuckDB would then materialize whole: every raw call, all columns
-- (docs/incremental.md, "A CTE read twice is read whole").
changed_keys as (

    select distinct call_id
    from {{ source('calls', 'calls') }}
    where {{ utc_in_months_to_build('offered_at') }}

),
{% endif %}

versions as (

    select source.*
    from source
    {% if incremental_months() -%}
    inner join changed_keys
        on source.call_id = changed_keys.call_id
    {%- endif %}

),

current_version as (

    {{ latest_version('versions', ['call_id']) }}

),

renamed as (

    select
        call_id,
        agent_id,
        queue,
        direction,
        customer_hash,
        offered_at as offered_at_utc,
        {{ to_center_time('offered_at') }} as offered_at_local,
        answered_at as answered_at_utc,
        {{ to_center_time('answered_at') }} as answered_at_local,
        ended_at as ended_at_utc,
        {{ to_center_time('ended_at') }} as ended_at_local,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        disposition,
        {{ month_of(to_center_time('offered_at')) }} as month,

        -- lineage: the source row this version came from
        _row_key as row_key,
        _source_file as source_file,
        _line_number as source_line,
        _file_hash as file_hash,
        _batch_id as batch_id,
        _load_id as load_id,
        _loaded_at as loaded_at

    from current_version

)

select * from renamed
where {{ in_months_to_build('month') }}
