{#-
    Portable SQL (docs/scale-out.md): every construct that DuckDB and Spark SQL spell
    differently, behind adapter.dispatch. `default__` is the DuckDB form (the embedded
    default, and what sqlfluff renders), `spark__` the Spark SQL form. Everything else in the
    models is SQL both engines run, or one of dbt's cross-database macros (dbt.type_string(),
    dbt.date_trunc(), dbt.dateadd(), dbt.datediff(), dbt.split_part(), ...).
    tests/test_portable_macros.py runs each macro on DuckDB, and `make spark-check` on Spark.

    scorecard_median(expression) -> double
        The exact median (the mean of the two middle values of an even count), as an
        aggregate or a window function. Spark: percentile(x, 0.5), exact and interpolated
        like DuckDB's median (not percentile_approx).

    scorecard_split_contains(list_expression, delimiter, value) -> boolean
        Whether `value` is one of the items of a delimited string ('agent|team_leader').
        A list match, not LIKE (`_` in qa_inspector is a LIKE wildcard). Spark's split()
        takes a regular expression: the one-character delimiter is put in a class, [|].

    scorecard_unnest_split(list_expression, delimiter) -> one row per item
        In a select list: the items of a delimited string, one row each.

    scorecard_iso_day_of_week(date) -> integer, Monday = 1 ... Sunday = 7

    to_center_time(column) (macros/to_center_time.sql) -> naive center-local timestamp
    center_time_to_utc(column) -> naive UTC timestamp
        A naive center-local wall-clock time read in var('center_timezone') and rendered
        in UTC. Spark: to_utc_timestamp (and from_utc_timestamp for to_center_time), with
        the session time zone UTC (the spark target sets it), so Spark's timestamps behave
        as the naive ones of DuckDB.

    scorecard_listagg(measure, delimiter_text, order_by_clause) -> string
        dbt.listagg with its order kept on every engine: dbt-spark's listagg ignores the
        order ('order by x' or 'order by x desc', one key), so Spark sorts (key, value)
        structs and joins the values.
-#}
{% macro scorecard_median(expression) -%}
{{ return(adapter.dispatch('scorecard_median', 'scorecard')(expression)) }}
{%- endmacro %}

{% macro default__scorecard_median(expression) -%}
median({{ expression }})
{%- endmacro %}

{% macro spark__scorecard_median(expression) -%}
percentile({{ expression }}, 0.5)
{%- endmacro %}


{% macro scorecard_split_contains(list_expression, delimiter, value) -%}
{%- set dispatched = adapter.dispatch('scorecard_split_contains', 'scorecard') -%}
{{ return(dispatched(list_expression, delimiter, value)) }}
{%- endmacro %}

{% macro default__scorecard_split_contains(list_expression, delimiter, value) -%}
list_contains(string_split({{ list_expression }}, '{{ delimiter }}'), {{ value }})
{%- endmacro %}

{% macro spark__scorecard_split_contains(list_expression, delimiter, value) -%}
array_contains(split({{ list_expression }}, '[{{ delimiter }}]'), {{ value }})
{%- endmacro %}


{% macro scorecard_unnest_split(list_expression, delimiter) -%}
{{ return(adapter.dispatch('scorecard_unnest_split', 'scorecard')(list_expression, delimiter)) }}
{%- endmacro %}

{% macro default__scorecard_unnest_split(list_expression, delimiter) -%}
unnest(string_split({{ list_expression }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__scorecard_unnest_split(list_expression, delimiter) -%}
explode(split({{ list_expression }}, '[{{ delimiter }}]'))
{%- endmacro %}


{% macro scorecard_iso_day_of_week(date_expression) -%}
{{ return(adapter.dispatch('scorecard_iso_day_of_week', 'scorecard')(date_expression)) }}
{%- endmacro %}

{% macro default__scorecard_iso_day_of_week(date_expression) -%}
extract(isodow from {{ date_expression }})
{%- endmacro %}

{% macro spark__scorecard_iso_day_of_week(date_expression) -%}
extract(dayofweek_iso from {{ date_expression }})
{%- endmacro %}


{% macro center_time_to_utc(column) -%}
{{ return(adapter.dispatch('center_time_to_utc', 'scorecard')(column)) }}
{%- endmacro %}

{% macro default__center_time_to_utc(column) -%}
(({{ column }} at time zone '{{ var("center_timezone") }}') at time zone 'UTC')
{%- endmacro %}

{% macro spark__center_time_to_utc(column) -%}
to_utc_timestamp({{ column }}, '{{ var("center_timezone") }}')
{%- endmacro %}


{% macro scorecard_listagg(measure, delimiter_text, order_by_clause) -%}
{%- set dispatched = adapter.dispatch('scorecard_listagg', 'scorecard') -%}
{{ return(dispatched(measure, delimiter_text, order_by_clause)) }}
{%- endmacro %}

{% macro default__scorecard_listagg(measure, delimiter_text, order_by_clause) -%}
{{ dbt.listagg(measure, delimiter_text, order_by_clause) }}
{%- endmacro %}

{% macro spark__scorecard_listagg(measure, delimiter_text, order_by_clause) -%}
{%- set clause = order_by_clause | trim -%}
{%- set key = modules.re.sub('(?i)^order\\s+by\\s+', '', clause) -%}
{%- set descending = modules.re.search('(?i)\\s+desc$', key) is not none -%}
{%- set key = modules.re.sub('(?i)\\s+(asc|desc)$', '', key) -%}
array_join(transform(sort_array(collect_list(named_struct('k', {{ key }}, 'v', {{ measure }})), {{ 'false' if descending else 'true' }}), x -> x.v), {{ delimiter_text }})
{%- endmacro %}
