{#-
    Incremental by month (docs/incremental.md). The row-level models (int_calls__classified,
    int_agent_states__split, the contributions models) and the family value models are
    incremental: a run rebuilds the center-local months listed in SCORECARD_MONTHS_TO_BUILD
    and leaves every other month as it is.

    SCORECARD_MONTHS_TO_BUILD (environment, macros/months_to_build.sql): months 'YYYY-MM-01'
    (or 'YYYY-MM') separated by commas. Empty or unset: every month. `--full-refresh` (or a
    first build) recreates the tables from all history and gives the same tables as
    rebuilding every month. Which months a change of input drags in is the view
    int_warehouse__months_to_rebuild (docs/incremental.md, "Which months a change drags in").

    months_to_build() -> list of 'YYYY-MM-01' strings, sorted and unique
        The variable, validated (anything else stops the run with a clear message, so it
        never reaches SQL).

    incremental_months() -> list
        months_to_build() when this model is being built incrementally, else []: a first
        build or a full refresh builds every month, whatever the variable says.

    in_months_to_build(column, following=0) -> SQL predicate
        `column in (date '2026-10-01', ...)` for the months being built, or `1 = 1` when
        every month is. `following=1` adds the month after each of them (the FCR window
        of a call looks into the next month).

    utc_in_months_to_build(utc_column) -> SQL predicate
        Like in_months_to_build, for a raw UTC timestamp whose center-local month is
        meant: `column >= <local month start in UTC> and column < <next one>` per month,
        or `1 = 1` when every month is built. Constant bounds, so DuckDB skips row groups
        by their min/max instead of converting every row's time zone (staging reads every
        raw row of a source).

    local_month_start_utc(month) -> SQL timestamp: the UTC instant of local midnight on
        'YYYY-MM-01' (a constant; the split's nightly filter uses it too).

    month_literal(month) -> SQL date literal, portable: cast('2026-10-01' as date).
-#}
{% macro incremental_months() -%}
{#- `this` is not set in a dbt unit test, where every model builds all months -#}
{%- if this is not none and is_incremental() -%}
{{ return(months_to_build()) }}
{%- endif -%}
{{ return([]) }}
{%- endmacro %}

{% macro month_literal(month) -%}
cast('{{ month }}' as date)
{%- endmacro %}

{% macro next_month(month) -%}
{%- set year = month[0:4] | int -%}
{%- set number = month[5:7] | int -%}
{%- if number == 12 -%}
{{ return((year + 1) ~ '-01-01') }}
{%- endif -%}
{{ return(year ~ '-' ~ ('%02d' % (number + 1)) ~ '-01') }}
{%- endmacro %}

{% macro in_months_to_build(column, following=0) -%}
{%- set months = incremental_months() -%}
{%- if not months -%}
1 = 1
{%- else -%}
{%- set listed = [] -%}
{%- for month in months -%}
{%- set ns = namespace(month=month) -%}
{%- for _ in range(following + 1) -%}
{%- if ns.month not in listed -%}
{%- do listed.append(ns.month) -%}
{%- endif -%}
{%- set ns.month = next_month(ns.month) -%}
{%- endfor -%}
{%- endfor -%}
{%- set literals = [] -%}
{%- for month in listed | sort -%}
{%- do literals.append(month_literal(month)) -%}
{%- endfor -%}
{{ column }} in ({{ literals | join(', ') }})
{%- endif -%}
{%- endmacro %}

{% macro local_month_start_utc(month) -%}
{{ center_time_to_utc("cast('" ~ month ~ "' as timestamp)") }}
{%- endmacro %}

{% macro utc_in_months_to_build(utc_column) -%}
{%- set months = incremental_months() -%}
{%- if not months -%}
1 = 1
{%- else -%}
{%- set ranges = [] -%}
{%- for month in months -%}
{%- set starts = local_month_start_utc(month) -%}
{%- set ends = local_month_start_utc(next_month(month)) -%}
{%- set range = utc_column ~ ' >= ' ~ starts ~ ' and ' ~ utc_column ~ ' < ' ~ ends -%}
{%- do ranges.append('(' ~ range ~ ')') -%}
{%- endfor -%}
({{ ranges | join(' or ') }})
{%- endif -%}
{%- endmacro %}

{#-
    incremental_by_month() -> config dict of an incremental-by-month model

    The one place that chooses how a month is replaced, per adapter:
    * DuckDB (and any adapter with DELETE): the strategy `replace_months` below, a
      delete+insert keyed on the `month` column.
    * Spark (dbt-spark): `insert_overwrite` of a table partitioned by month, which replaces
      the partitions present in the new rows (dynamic partition overwrite).
    on_schema_change 'fail': a release that changes a model's columns needs --full-refresh
    (as does any change of a model's logic: the orchestrator rebuilds all months when the
    code version changes).
-#}
{% macro incremental_by_month() -%}
{%- if target.type == 'spark' -%}
{{ return({
    'materialized': 'incremental',
    'incremental_strategy': 'insert_overwrite',
    'partition_by': ['month'],
    'on_schema_change': 'fail',
}) }}
{%- endif -%}
{{ return({
    'materialized': 'incremental',
    'incremental_strategy': 'replace_months',
    'on_schema_change': 'fail',
}) }}
{%- endmacro %}

{#-
    The incremental strategy `replace_months` (config incremental_strategy='replace_months',
    set by incremental_by_month()): delete the target's rows of the months being built,
    then insert the new rows, in one transaction. The months deleted are those of
    months_to_build() and those present in the new rows, so a month that lost all
    its rows (a correction moved them to another month) is emptied too. With no months
    listed every row is replaced.
-#}
{% macro get_incremental_replace_months_sql(arg_dict) -%}
{%- set target = arg_dict['target_relation'] -%}
{%- set source = arg_dict['temp_relation'] -%}
{%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
{%- set months = months_to_build() -%}
delete from {{ target }}
{%- if months %}
where
    month in ({% for month in months %}{{ month_literal(month) }}{{ ', ' if not loop.last }}{% endfor %})
    or month in (select month from {{ source }})
{%- endif %};

insert into {{ target }} ({{ columns }})
select {{ columns }} from {{ source }}
{%- endmacro %}
