-- Lineage of int_indicators__external_inputs: the one supplied row of each value
-- (int_external_inputs__contributions, long form: the code is a column, not a column name).
{{ config(materialized='view') }}

with

contributions as (

    select * from {{ ref('int_external_inputs__contributions') }}

),

final as (

    select
        entity_id,
        grain,
        month,
        indicator_code,
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        {{ exact_number('value__numerator') }} as numerator,
        {{ exact_number('null') }} as denominator
    from contributions

)

select * from final
