with

source as (

    select * from {{ source('attendance', 'attendance') }}

),

current_version as (

    {{ latest_version('source', ['agent_id', 'work_date']) }}

),

renamed as (

    select
        agent_id,
        work_date,
        shift_start as shift_start_utc,
        {{ to_center_time('shift_start') }} as shift_start_local,
        shift_end as shift_end_utc,
        {{ to_center_time('shift_end') }} as shift_end_local,
        clock_in as clock_in_utc,
        {{ to_center_time('clock_in') }} as clock_in_local,
        clock_out as clock_out_utc,
        {{ to_center_time('clock_out') }} as clock_out_local,
        status,

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
