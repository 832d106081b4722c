with

source as (

    select * from {{ source('indicator_inputs', 'indicator_inputs') }}

),

current_version as (

    {{ latest_version('source', ['entity_id', 'month', 'indicator_code']) }}

),

renamed as (

    select
        entity_id,
        month,
        indicator_code,
        {{ exact_number('value') }} as value,
        evidence,

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
