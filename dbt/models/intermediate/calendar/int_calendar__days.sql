-- One row per calendar day: whether it is a working day (weekends and public holidays
-- are not, make-up workdays are) and the next working day after it.
with

-- date_spine excludes its end: add a day so calendar_end_date is included.
day_spine as (

    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('calendar_start_date') ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ var('calendar_end_date') ~ "' as date)")
    ) }}

),

exceptions as (

    select * from {{ ref('calendar_exceptions') }}

),

days as (

    select
        cast(day_spine.date_day as date) as calendar_date,
        {{ dbt.date_trunc('month', 'day_spine.date_day') }} as month_start,
        {{ scorecard_iso_day_of_week('day_spine.date_day') }} as iso_day_of_week,
        exceptions.day_kind,
        exceptions.name_zh as exception_name_zh,
        exceptions.name_en as exception_name_en
    from day_spine
    left join exceptions
        on cast(day_spine.date_day as date) = exceptions.calendar_date

),

classified as (

    select
        calendar_date,
        cast(month_start as date) as month_start,
        iso_day_of_week,
        iso_day_of_week in ({{ var('weekend_isodow') | join(', ') }}) as is_weekend,
        coalesce(day_kind, 'regular') as day_kind,
        exception_name_zh,
        exception_name_en,
        case
            when day_kind = 'makeup_workday' then true
            when day_kind = 'holiday' then false
            else iso_day_of_week not in ({{ var('weekend_isodow') | join(', ') }})
        end as is_working_day
    from days

),

with_next as (

    select
        *,
        min(case when is_working_day then calendar_date end) over (
            order by calendar_date
            rows between 1 following and unbounded following
        ) as next_working_day
    from classified

)

select * from with_next
