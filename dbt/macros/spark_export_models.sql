{#-
    spark_export_models(results) -> nothing (run from on-run-end)

    A build with the Spark engine (`scorecard build --engine spark`) hands its tables to
    the gate and publication as Parquet: every seed, table and incremental table this
    invocation built is written, through Spark, to <spark_export_path>/<schema>/<table>/
    (var `spark_export_path`, set by the orchestrator). scorecard/spark_candidates.py reads
    the folders into the work database and creates the project's views there over them,
    so the gate, publication and `explain` read what Spark computed exactly as they read a
    DuckDB build. Views are not exported: some read all history row by row
    (fct_indicator_lineage) and cost nothing until queried. Written at the end of the same
    invocation, so no second Spark session (about 15 s of JVM start) is paid. Without the
    var, and on DuckDB, this does nothing.
-#}
{% macro spark_export_models(results) -%}
{%- set root = var('spark_export_path', '') | trim -%}
{%- if execute and target.type == 'spark' and root -%}
{%- for result in results
    if result.status == 'success'
    and result.node.config.materialized in ('seed', 'table', 'incremental') -%}
{%- set node = result.node -%}
{%- do run_query(
    "insert overwrite directory '" ~ root.rstrip('/') ~ '/' ~ node.schema ~ '/' ~ node.alias
    ~ "' using parquet select * from " ~ node.schema ~ '.' ~ node.alias
) -%}
{%- endfor -%}
{%- endif -%}
{%- endmacro %}
