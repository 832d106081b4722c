with

source as (

    select * from {{ source('complaints', 'complaints') }}

),

current_version as (

    {{ latest_version('source', ['complaint_id']) }}

),

renamed as (

    select
        complaint_id,
        subject_agent_id,
        handler_agent_id,
        received_at as received_at_utc,
        {{ to_center_time('received_at') }} as received_at_local,
        resolved_at as resolved_at_utc,
        {{ to_center_time('resolved_at') }} as resolved_at_local,
        valid as is_valid,
        escalated as is_escalated,
        repeat as is_repeat,

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
