with

source as (

    select * from {{ source('warehouse', 'quarantine') }}

),

renamed as (

    select
        load_id,
        batch_id,
        source as source_name,
        source_file,
        line_number as source_line,
        file_hash,
        reason,
        field as field_name,
        message,
        quarantined_at

    from source

)

select * from renamed
