{#-
    Seeds on Spark: dbt-spark's session method puts a seed's values into its INSERT by
    wrapping each in quotes without escaping them, so a value with an apostrophe (the
    English names and notes of the scoring seeds) breaks the statement. This version of
    its load_csv_rows writes each value as an escaped string literal cast to the column's
    type (what dbt-spark does, minus the bindings). DuckDB is not affected: dbt-duckdb
    loads seeds its own way.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
{%- set batch_size = get_batch_size() -%}
{%- set column_override = model['config'].get('column_types', {}) -%}
{%- set types = [] -%}
{%- for col_name in agate_table.column_names -%}
{%- set inferred = adapter.convert_type(agate_table, loop.index0) -%}
{%- do types.append(column_override.get(col_name, inferred)) -%}
{%- endfor -%}
{%- set statements = [] -%}
{%- for chunk in agate_table.rows | batch(batch_size) -%}
{%- set sql -%}
insert into {{ this.render() }} values
{% for row in chunk -%}
({%- for value in row -%}
{%- if value is none -%}
cast(null as {{ types[loop.index0] }})
{%- else -%}
cast('{{ (value | string).replace("\\", "\\\\").replace("'", "\\'") }}' as {{ types[loop.index0] }})
{%- endif -%}
{%- if not loop.last %}, {% endif -%}
{%- endfor -%})
{%- if not loop.last %},
{% endif -%}
{%- endfor %}
{%- endset -%}
{%- do adapter.add_query(sql, abridge_sql_log=True) -%}
{%- if loop.index0 == 0 -%}
{%- do statements.append(sql) -%}
{%- endif -%}
{%- endfor -%}
{{ return(statements[0]) }}
{% endmacro %}
