with

source as (

    select * from {{ source('adjustments', 'adjustments') }}

),

current_version as (

    {{ latest_version('source', ['adjustment_id']) }}

),

renamed as (

    select
        adjustment_id,
        agent_id,
        occurred_at as occurred_at_utc,
        {{ to_center_time('occurred_at') }} as occurred_at_local,
        kind,
        {{ exact_number('points') }} as points,
        amount,
        approved_by,
        note,

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
