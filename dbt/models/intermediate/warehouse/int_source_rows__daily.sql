-- Current staged rows per source, local day of attribution (SPEC §4) and file load: the
-- gate's volume check reads the daily totals, publication counts rows loaded after a
-- month's final publication (late data) from load_id.
with

calls as (
    select
        'calls' as source_name,
        cast(offered_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_calls__calls') }}
),

agent_states as (
    select
        'agent_states' as source_name,
        cast(started_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_agent_states__state_intervals') }}
),

qa_evaluations as (
    select
        'qa_evaluations' as source_name,
        cast(evaluated_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_qa_evaluations__evaluations') }}
),

attendance as (
    select
        'attendance' as source_name,
        work_date as activity_date,
        load_id
    from {{ ref('stg_attendance__shifts') }}
),

sales as (
    select
        'sales' as source_name,
        cast(ordered_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_sales__orders') }}
),

return_requests as (
    select
        'return_requests' as source_name,
        cast(requested_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_return_requests__return_requests') }}
),

surveys as (
    select
        'surveys' as source_name,
        cast(responded_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_surveys__responses') }}
),

complaints as (
    select
        'complaints' as source_name,
        cast(received_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_complaints__complaints') }}
),

exams as (
    select
        'exams' as source_name,
        cast(taken_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_exams__attempts') }}
),

adjustments as (
    select
        'adjustments' as source_name,
        cast(occurred_at_local as date) as activity_date,
        load_id
    from {{ ref('stg_adjustments__events') }}
),

-- Monthly sources are dated on the first day of their month.
ratings as (
    select
        'ratings' as source_name,
        month as activity_date,
        load_id
    from {{ ref('stg_ratings__ratings') }}
),

indicator_inputs as (
    select
        'indicator_inputs' as source_name,
        month as activity_date,
        load_id
    from {{ ref('stg_indicator_inputs__values') }}
),

all_rows as (
    select * from calls
    union all
    select * from agent_states
    union all
    select * from qa_evaluations
    union all
    select * from attendance
    union all
    select * from sales
    union all
    select * from return_requests
    union all
    select * from surveys
    union all
    select * from complaints
    union all
    select * from exams
    union all
    select * from adjustments
    union all
    select * from ratings
    union all
    select * from indicator_inputs
),

final as (
    select
        source_name,
        activity_date,
        load_id,
        cast(date_trunc('month', activity_date) as date) as month,
        source_name not in ('ratings', 'indicator_inputs') as is_daily_source,
        count(*) as row_count
    from all_rows
    group by source_name, activity_date, load_id
)

select * from final
