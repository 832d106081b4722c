-- Contributions of return_prevention_rate (docs/indicators.md, "Contributions"): one row
-- per return request with a final outcome (stg_return_requests__return_requests), in the
-- month of requested_at_local: denominator 1, numerator 1 when the outcome is prevented
-- and 0 when returned. Pending requests count for nothing yet and are not here.
-- Incremental by month (docs/incremental.md); stored in (month, agent_id) order.
{{ config(**incremental_by_month()) }}

with

return_requests as (

    select * from {{ ref('stg_return_requests__return_requests') }}
    where
        outcome in ('prevented', 'returned')
        and {{ in_months_to_build(month_of('requested_at_local')) }}

),

final as (

    select
        cast('stg_return_requests__return_requests' as {{ dbt.type_string() }})
            as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        {{ month_of('requested_at_local') }} as month,
        request_id,
        case when outcome = 'prevented' then 1 else 0 end
            as return_prevention_rate__numerator,
        1 as return_prevention_rate__denominator
    from return_requests

)

select * from final
order by month, agent_id
