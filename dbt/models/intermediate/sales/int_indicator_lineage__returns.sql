-- Source rows behind int_indicators__returns: the return requests with a final outcome
-- (`prevented` or `returned`), i.e. the denominator's rows, which include the numerator's.
-- Pending requests count toward nothing and are not listed.
{{ config(materialized='view') }}

with

return_requests as (

    select * from {{ ref('stg_return_requests__return_requests') }}

),

decided_requests as (

    select
        agent_id,
        row_key,
        source_file,
        source_line,
        {{ month_of('requested_at_local') }} as month
    from return_requests
    where outcome in ('prevented', 'returned')

),

final as (

    select
        cast(agent_id as varchar) as entity_id,
        cast('agent' as varchar) as grain,
        cast(month as date) as month,
        cast('return_prevention_rate' as varchar) as indicator_code,
        cast('stg_return_requests__return_requests' as varchar) as source_model,
        row_key,
        source_file,
        source_line
    from decided_requests

)

select * from final
