with

source as (

    select * from {{ source('warehouse', 'load_log') }}

),

renamed as (

    select
        load_id,
        batch_id,
        source as source_name,
        file_path as source_file,
        file_hash,
        file_bytes,
        status as load_status,
        error as error_message,
        rows_read,
        rows_loaded,
        rows_duplicate,
        rows_superseding,
        rows_quarantined,
        quarantine_reasons,
        line_numbers_exact,
        encoding,
        sheet as sheet_name,
        started_at,
        finished_at

    from source

)

select * from renamed
