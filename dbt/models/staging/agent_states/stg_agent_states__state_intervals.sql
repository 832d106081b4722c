-- A table, not a view: picking each key's current version is a window over every load of
-- the source, the largest in the warehouse. As a view, every model and data test that reads
-- it ran that window again (five times a build for the agent states); as a table it runs
-- once per build (README "Performance").
{{ config(materialized='table') }}

with

source as (

    select * from {{ source('agent_states', 'agent_states') }}

),

current_version as (

    {{ latest_version('source', ['agent_id', 'started_at']) }}

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
