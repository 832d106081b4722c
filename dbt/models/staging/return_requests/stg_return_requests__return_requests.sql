with

source as (

    select * from {{ source('return_requests', 'return_requests') }}

),

current_version as (

    {{ latest_version('source', ['request_id']) }}

),

renamed as (

    select
        request_id,
        order_id,
        agent_id,
        requested_at as requested_at_utc,
        {{ to_center_time('requested_at') }} as requested_at_local,
        outcome,

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
