with

source as (

    select * from {{ source('surveys', 'surveys') }}

),

current_version as (

    {{ latest_version('source', ['survey_id']) }}

),

renamed as (

    select
        survey_id,
        call_id,
        agent_id,
        responded_at as responded_at_utc,
        {{ to_center_time('responded_at') }} as responded_at_local,
        rating,

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
