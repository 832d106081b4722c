with

source as (

    select * from {{ source('sales', 'sales') }}

),

current_version as (

    {{ latest_version('source', ['order_id']) }}

),

renamed as (

    select
        order_id,
        agent_id,
        customer_hash,
        call_id,
        ordered_at as ordered_at_utc,
        {{ to_center_time('ordered_at') }} as ordered_at_local,
        amount,
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
