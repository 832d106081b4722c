{#-
    months_to_build() -> list of 'YYYY-MM-01' strings, sorted and unique
    data_tests_every_month() -> true when the data tests of incremental models read every
        month whatever months_to_build() lists (the last build of a first build month by
        month, docs/incremental.md)

    The run's months come from the environment (docs/incremental.md, "The months of a
    run"), not from --vars: dbt reuses its parse of the project only while the vars are
    those it parsed with, and the months change from night to night (a full parse is
    about 15 s of every incremental build). They are read only while dbt executes, never
    while it parses, so no parse depends on them.

    SCORECARD_MONTHS_TO_BUILD: months 'YYYY-MM-01' or 'YYYY-MM' separated by commas; empty
    or unset: []. SCORECARD_DATA_TESTS_EVERY_MONTH: 'true', or empty or unset. Anything
    else stops the run with a clear message, so it never reaches SQL. In a file of its
    own, so that the lint-time stand-in in .sqlfluff replaces it for every caller.
-#}
{% macro months_to_build() -%}
{%- if var('months_to_build', none) is not none -%}
{{ exceptions.raise_compiler_error(
    "var('months_to_build') is no longer read: set SCORECARD_MONTHS_TO_BUILD (docs/incremental.md)"
) }}
{%- endif -%}
{%- if not execute -%}
{{ return([]) }}
{%- endif -%}
{%- set raw = env_var('SCORECARD_MONTHS_TO_BUILD', '') -%}
{%- set months = [] -%}
{%- for item in (raw.split(',') if raw.strip() else []) -%}
{%- set month = item.strip() -%}
{%- if modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])', month) -%}
{%- set month = month ~ '-01' -%}
{%- endif -%}
{%- if not modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])-01', month) -%}
{{ exceptions.raise_compiler_error(
    "SCORECARD_MONTHS_TO_BUILD: '" ~ item ~ "' is not a month (YYYY-MM-01 or YYYY-MM)"
) }}
{%- endif -%}
{%- if month not in months -%}
{%- do months.append(month) -%}
{%- endif -%}
{%- endfor -%}
{{ return(months | sort) }}
{%- endmacro %}

{% macro data_tests_every_month() -%}
{%- if not execute -%}
{{ return(false) }}
{%- endif -%}
{%- set raw = env_var('SCORECARD_DATA_TESTS_EVERY_MONTH', '').strip() -%}
{%- if raw not in ('', 'true') -%}
{{ exceptions.raise_compiler_error(
    "SCORECARD_DATA_TESTS_EVERY_MONTH: '" ~ raw ~ "' is neither 'true' nor empty"
) }}
{%- endif -%}
{{ return(raw == 'true') }}
{%- endmacro %}
