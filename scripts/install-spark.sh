#!/usr/bin/env bash
# What `make spark-check` needs (docs/scale-out.md): Debian's OpenJDK 17 (Java for Spark)
# and a separate virtualenv, .venv-spark, with dbt-core + dbt-spark (session method) +
# PySpark from PyPI. Separate from .venv: dbt-spark and dbt-duckdb pin dbt-adapters
# independently, and PySpark is 400 MB the nightly DuckDB job never needs. Idempotent;
# Java needs root or sudo when it is missing.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${SPARK_VENV:-.venv-spark}
if ! command -v java > /dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo > /dev/null; then
        as_root=(sudo)
    else
        echo "install-spark: neither root nor sudo is available;" \
            "install Debian's package openjdk-17-jre-headless to run make spark-check" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
fi
marker="$VENV/.installed-spark"
if [ ! -e "$marker" ] || [ scripts/install-spark.sh -nt "$marker" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet \
        "dbt-core~=1.11.0" "dbt-spark[session]~=1.11.0" "pyspark~=4.3.0" "pyarrow" "pandas"
    touch "$marker"
fi
