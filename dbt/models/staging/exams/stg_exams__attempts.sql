with

source as (

    select * from {{ source('exams', 'exams') }}

),

current_version as (

    {{ latest_version('source', ['agent_id', 'exam_id', 'attempt']) }}

),

renamed as (

    select
        agent_id,
        exam_id,
        taken_at as taken_at_utc,
        {{ to_center_time('taken_at') }} as taken_at_local,
        attempt,
        {{ exact_number('score') }} as score,

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
