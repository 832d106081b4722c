with

source as (

    select * from {{ source('qa_evaluations', 'qa_evaluations') }}

),

current_version as (

    {{ latest_version('source', ['evaluation_id']) }}

),

renamed as (

    select
        evaluation_id,
        call_id,
        agent_id,
        evaluator_id,
        evaluated_at as evaluated_at_utc,
        {{ to_center_time('evaluated_at') }} as evaluated_at_local,
        {{ exact_number('score') }} as score,
        fatal_error as has_fatal_error,
        calibrates_evaluation_id,

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
