{#-
    period_label(month_column, period_column) -> string

    How a scoring period is written in the published marts: `2026-10` for a month,
    `2026-Q4` for a quarter, `2026` for a year. `month_column` is the period's last month
    (the month it is published with).
-#}
{% macro period_label(month_column, period_column) -%}
{%- set year = 'cast(' ~ date_part('year', month_column) ~ ' as ' ~ dbt.type_string() ~ ')' -%}
{%- set month = date_part('month', month_column) -%}
case {{ period_column }}
    when 'year' then {{ year }}
    when 'quarter'
        then {{ year }} || '-Q'
        || cast(cast(ceil({{ month }} / 3.0) as integer) as {{ dbt.type_string() }})
    else {{ year }} || '-' || lpad(cast({{ month }} as {{ dbt.type_string() }}), 2, '0')
end
{%- endmacro %}
