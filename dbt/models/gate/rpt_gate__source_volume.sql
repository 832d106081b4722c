-- The rows the gate's source_volume suite validates: each daily source's rows per day
-- beside the median of the same weekday in the four weeks before (days without rows count
-- 0), for the days with four such weeks and a median of at least 20 rows.
with

source_rows as (

    select * from {{ ref('int_source_rows__daily') }}
    where is_daily_source

),

calendar_days as (

    select * from {{ ref('int_calendar__days') }}

),

daily as (

    select
        source_name,
        activity_date,
        sum(row_count) as row_count
    from source_rows
    group by source_name, activity_date

),

spans as (

    select
        source_name,
        min(activity_date) as first_date,
        max(activity_date) as last_date
    from daily
    group by source_name

),

days as (

    select
        spans.source_name,
        calendar_days.calendar_date as activity_date,
        calendar_days.iso_day_of_week
    from spans
    inner join calendar_days
        on calendar_days.calendar_date between spans.first_date and spans.last_date

),

filled as (

    select
        days.source_name,
        days.activity_date,
        days.iso_day_of_week,
        coalesce(daily.row_count, 0) as row_count
    from days
    left join daily
        on days.source_name = daily.source_name and days.activity_date = daily.activity_date

),

compared as (

    select
        source_name,
        activity_date,
        row_count,
        {{ month_of('activity_date') }} as month,
        {{ scorecard_median('row_count') }} over (
            partition by source_name, iso_day_of_week order by activity_date
            rows between 4 preceding and 1 preceding
        ) as recent_median,
        count(*) over (
            partition by source_name, iso_day_of_week order by activity_date
            rows between 4 preceding and 1 preceding
        ) as weeks_compared
    from filled

),

final as (

    select
        source_name,
        activity_date,
        month,
        row_count,
        recent_median,
        row_count / recent_median as share_of_recent_median
    from compared
    where weeks_compared = 4 and recent_median >= 20

)

select * from final
