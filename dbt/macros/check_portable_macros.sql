{#-
    check_portable_macros() -> run-operation that guards every dispatched macro of
    macros/portable.sql (and to_center_time) on the target's engine:

        dbt run-operation check_portable_macros                    (DuckDB, the default)
        dbt test --target spark --vars '{check_portable_macros: true}' …   (make spark-check:
            the on-run-start hook runs them before the unit tests, one Spark start for both)

    Each case runs the macro on fixed literal inputs and compares its value, read as a
    string, with the expected one; any difference stops the operation with an error naming
    the case. tests/test_portable_macros.py runs it on DuckDB.
-#}
{% macro check_portable_macros() %}
{%- set string = dbt.type_string() -%}
{%- set cases = [
    ('median, even count (interpolated)',
     "select cast(" ~ scorecard_median('x') ~ " as " ~ string ~ ") from (values (1), (2), (3), (10)) as t (x)",
     ['2.5']),
    ('median, odd count',
     "select cast(" ~ scorecard_median('cast(x as double)') ~ " as " ~ string ~ ") from (values (4), (1), (9)) as t (x)",
     ['4.0']),
    ('median as a window',
     "select cast(" ~ scorecard_median('x') ~ " over (order by d rows between 2 preceding and 1 preceding) as " ~ string ~ ") from (values (1, 10), (2, 20), (3, 40), (4, 0)) as t (d, x) order by d",
     [none, '10.0', '15.0', '30.0']),
    ('split_contains, member',
     "select cast(" ~ scorecard_split_contains("'agent|team_leader'", '|', "'team_leader'") ~ " as " ~ string ~ ")",
     ['true']),
    ('split_contains, no LIKE wildcard',
     "select cast(" ~ scorecard_split_contains("'agent|qa_inspector'", '|', "'qa-inspector'") ~ " as " ~ string ~ ")",
     ['false']),
    ('split_contains, not a substring',
     "select cast(" ~ scorecard_split_contains("'team_leader'", '|', "'team'") ~ " as " ~ string ~ ")",
     ['false']),
    ('unnest_split',
     "select band from (select " ~ scorecard_unnest_split("'60:1|80:2.5|100:4'", '|') ~ " as band) as t order by band",
     ['100:4', '60:1', '80:2.5']),
    ('iso_day_of_week, Sunday and Monday',
     "select cast(" ~ scorecard_iso_day_of_week('d') ~ " as " ~ string ~ ") from (values (cast('2026-03-01' as date)), (cast('2026-03-02' as date))) as t (d) order by d",
     ['7', '1']),
    ('to_center_time',
     "select cast(" ~ to_center_time("cast('2026-01-31 16:00:00' as timestamp)") ~ " as " ~ string ~ ")",
     ['2026-02-01 00:00:00']),
    ('center_time_to_utc',
     "select cast(" ~ center_time_to_utc("cast('2026-02-01 00:00:00' as timestamp)") ~ " as " ~ string ~ ")",
     ['2026-01-31 16:00:00']),
    ('listagg, descending order',
     "select " ~ scorecard_listagg('v', "', '", 'order by k desc') ~ " from (values ('b', 2), ('a', 1), ('c', 3)) as t (v, k)",
     ['c, b, a']),
    ('listagg, ascending order',
     "select " ~ scorecard_listagg('v', "', '", 'order by k') ~ " from (values ('b', 2), ('a', 1), ('c', 3)) as t (v, k)",
     ['a, b, c']),
] -%}
{%- set failures = [] -%}
{%- for name, sql, expected in cases -%}
{%- set table = run_query(sql) -%}
{%- set actual = [] -%}
{%- for row in table.rows -%}
{%- do actual.append(none if row[0] is none else (row[0] | string)) -%}
{%- endfor -%}
{%- if actual == expected -%}
{{ log('portable macro ok: ' ~ name, info=true) }}
{%- else -%}
{%- do failures.append(name ~ ': expected ' ~ expected ~ ', got ' ~ actual ~ ' from ' ~ sql) -%}
{%- endif -%}
{%- endfor -%}
{%- if failures -%}
{{ exceptions.raise_compiler_error(target.type ~ ': ' ~ failures | join('; ')) }}
{%- endif -%}
{{ log('portable macros: ' ~ cases | length ~ ' cases pass on ' ~ target.type, info=true) }}
{% endmacro %}
