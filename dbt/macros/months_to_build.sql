{#-
    months_to_build() -> list of 'YYYY-MM-01' strings, sorted and unique

    var('months_to_build') (docs/incremental.md), validated: a list of months 'YYYY-MM-01'
    or 'YYYY-MM', or one string of them separated by commas; empty or absent: []. Anything
    else stops the run with a clear message, so it never reaches SQL. In a file of its own,
    so that the lint-time stand-in in .sqlfluff replaces it for every caller.
-#}
{% macro months_to_build() -%}
{%- set raw = var('months_to_build', []) -%}
{%- if raw is none -%}
{%- set raw = [] -%}
{%- elif raw is string -%}
{%- set raw = raw.split(',') if raw.strip() else [] -%}
{%- endif -%}
{%- set months = [] -%}
{%- for item in raw -%}
{%- set month = (item | string).strip() -%}
{%- if modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])', month) -%}
{%- set month = month ~ '-01' -%}
{%- endif -%}
{%- if not modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])-01', month) -%}
{{ exceptions.raise_compiler_error(
    "var('months_to_build'): " ~ (item | string) ~ " is not a month (YYYY-MM-01 or YYYY-MM)"
) }}
{%- endif -%}
{%- if month not in months -%}
{%- do months.append(month) -%}
{%- endif -%}
{%- endfor -%}
{{ return(months | sort) }}
{%- endmacro %}
