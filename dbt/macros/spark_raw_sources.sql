{#-
    spark_raw_sources() -> nothing (run from on-run-start)

    On Spark (target.type 'spark'), the raw source tables are external tables over the raw
    layer the loader writes as Parquet (scorecard/loading/raw_layer.py):
        <SCORECARD_RAW_PATH>/<table>/load-<load id>.parquet
    one folder per table of the project's sources (one source per staging folder, every
    table one of the loader's raw tables). Dropping and creating them at the start of
    every run reads the files present now (mergeSchema: files written before a column was
    added lack it). Dropping an external table never deletes its files. SCORECARD_RAW_PATH
    is a local folder, or an hdfs://, s3a:// or oss:// path (docs/scale-out.md).
    On DuckDB this does nothing: the loader's raw.* tables are the sources.
-#}
{% macro spark_raw_sources() -%}
{%- if execute and target.type == 'spark' -%}
{%- set root = env_var('SCORECARD_RAW_PATH', '') | trim -%}
{%- if not root -%}
{{ exceptions.raise_compiler_error(
    "SCORECARD_RAW_PATH must name the raw layer (<warehouse>/raw) on the spark target"
) }}
{%- endif -%}
{%- set schemas = [] -%}
{%- for node in graph.sources.values() if node.package_name == project_name -%}
{%- if node.schema not in schemas -%}
{%- do schemas.append(node.schema) -%}
{%- do run_query('create database if not exists ' ~ node.schema) -%}
{%- endif -%}
{%- set relation = node.schema ~ '.' ~ node.identifier -%}
{%- do run_query('drop table if exists ' ~ relation) -%}
{%- do run_query(
    'create table ' ~ relation ~ ' using parquet options (path '
    ~ "'" ~ root.rstrip('/') ~ '/' ~ node.identifier ~ "'"
    ~ ", mergeSchema 'true')"
) -%}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}
