-- A table, not a view: picking each key's current version is a window over every load of
-- the source, the largest in the warehouse. As a view, every model and data test that reads
-- it ran that window again (five times a build); as a table it runs once per build
-- (README "Performance").
-- Incremental by month (docs/incremental.md), like the models that read it: a nightly run
-- recomputes the current versions of the months being built only. The key holds
-- started_at, so every version of a key starts in the same month: the versions read are
-- those that started in a month being built, and the window picks each key's latest.
-- `month` is the partition a build replaces: the calendar month of the center-local
-- started_at; an interval that runs into the next month is cut there later
-- (int_agent_states__split).
{{ config(**incremental_by_month()) }}

with

source as (

    select * from {{ source('agent_states', 'agent_states') }}

),

versions as (

    select * from source
    where {{ utc_in_months_to_build('started_at') }}

),

current_version as (

    {{ latest_version('versions', ['agent_id', 'started_at']) }}

),

renamed as (

    select
        agent_id,
        state,
        reason,
        started_at as started_at_utc,
        {{ to_center_time('started_at') }} as started_at_local,
        ended_at as ended_at_utc,
        {{ to_center_time('ended_at') }} as ended_at_local,
        {{ month_of(to_center_time('started_at')) }} as month,

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
