-- Indicator values per scoring period (SPEC §6, periods): every monthly value, plus the
-- quarter and year values the quarterly and yearly schemes score. A period's row sits in
-- the period's last month (`month`), the month whose close and publication it shares.
-- Quarter and year values aggregate the months of the period, as the catalog rolls
-- indicators up: `ratio` Σ numerators ÷ Σ denominators, `sum` Σ numerators; an indicator
-- without a roll-up (`none`: supplied or computed per month) adds up its monthly values
-- when it is an amount (count, days, minutes, points, yuan: adopted suggestions over a
-- year), and otherwise - a score or a rate, such as the 360° cpi_score - is the mean of
-- the months that have a value (numerator the sum of those values, denominator their
-- count).
-- Values are rounded to the catalog's decimals, as monthly ones are (docs/scoring.md).
with

indicator_values as (

    select * from {{ ref('int_indicator_values__all_grains') }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

-- Only the longer periods some scheme scores.
longer_periods as (

    select distinct period
    from versions
    where period <> 'month'

),

monthly as (

    select
        entity_id,
        grain,
        month,
        'month' as period,
        indicator_code,
        numerator,
        denominator,
        value
    from indicator_values

),

-- Each month with the last month of its quarter and of its year.
month_in_period as (

    select
        monthly.*,
        longer_periods.period as longer_period,
        case longer_periods.period
            when 'quarter'
                then {{ dbt.dateadd(
                    'month',
                    '2 - mod(' ~ date_part('month', 'monthly.month') ~ ' - 1, 3)',
                    'monthly.month'
                ) }}
            else {{ dbt.dateadd(
                'month',
                '12 - ' ~ date_part('month', 'monthly.month'),
                'monthly.month'
            ) }}
        end as period_end_month
    from monthly
    cross join longer_periods

),

aggregated as (

    select
        month_in_period.entity_id,
        month_in_period.grain,
        cast(month_in_period.period_end_month as date) as month,
        month_in_period.longer_period as period,
        month_in_period.indicator_code,
        max(
            case
                when catalog.rollup_method in ('sum', 'ratio') then catalog.rollup_method
                when catalog.unit in ('count', 'days', 'minutes', 'points', 'CNY') then 'sum'
                else 'mean'
            end
        ) as period_rollup,
        max(catalog.decimals) as decimals,
        sum(month_in_period.numerator) as numerator_sum,
        sum(month_in_period.denominator) as denominator_sum,
        sum(month_in_period.value) as value_sum,
        count(month_in_period.value) as months_with_value
    from month_in_period
    left join catalog
        on month_in_period.indicator_code = catalog.code
    group by
        month_in_period.entity_id,
        month_in_period.grain,
        cast(month_in_period.period_end_month as date),
        month_in_period.longer_period,
        month_in_period.indicator_code

),

period_rows as (

    select
        entity_id,
        grain,
        month,
        period,
        indicator_code,
        {{ exact_number(
            "case when period_rollup = 'mean' then value_sum else numerator_sum end"
        ) }} as numerator,
        {{ exact_number(
            "case period_rollup when 'ratio' then denominator_sum"
            ~ " when 'mean' then months_with_value end"
        ) }} as denominator,
        {{ round_to_catalog_decimals(
            "case period_rollup when 'sum' then numerator_sum"
            ~ " when 'ratio' then " ~ safe_divide('numerator_sum', 'denominator_sum')
            ~ " else " ~ safe_divide('value_sum', 'months_with_value') ~ " end",
            'decimals'
        ) }} as value
    from aggregated

),

final as (

    select * from monthly
    union all
    select * from period_rows

)

select * from final
