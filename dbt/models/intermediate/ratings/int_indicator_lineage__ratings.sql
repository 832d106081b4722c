-- Source rows behind int_indicators__ratings: every rating of the agent-month whose rater
-- type has a weight in the seed rater_type_weights (all of them while the accepted values
-- of stg_ratings__ratings.rater_type and the seed agree).
{{ config(materialized='view') }}

with

ratings as (

    select * from {{ ref('stg_ratings__ratings') }}

),

rater_type_weights as (

    select * from {{ ref('rater_type_weights') }}

),

final as (

    select
        cast(ratings.agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        {{ month_of('ratings.month') }} as month,
        cast('cpi_score' as varchar) as indicator_code,
        cast('stg_ratings__ratings' as varchar) as source_model,
        ratings.row_key,
        ratings.source_file,
        ratings.source_line
    from ratings
    inner join rater_type_weights
        on ratings.rater_type = rater_type_weights.rater_type

)

select * from final
