"""The dbt project as Dagster assets: staging, intermediate, marts."""

import fcntl
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.dbt_args import dbt_build_args
from dagster_project.dbt_launcher import DATABASE_VARIABLE
from dagster_project.resources import WAREHOUSE_POOL, WarehouseResource, dbt_resource, dbt_vars
from dagster_project.settings import DBT_PROJECT_DIR, WORK_DATABASE_NAME, Settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Parse on every load: the manifest depends on the catalog's indicator models (a var), so a
# catalog row added since the last parse must reach the asset graph. Partial parsing keeps
# this to a few seconds; no database is opened. The lock keeps two processes loading the
# definitions at once (a CLI build and `dagster dev`) from writing the manifest together.
# target_path is relative to the dbt project (dbt runs there), not to this process.
parse_target = DBT_PROJECT_DIR / dbt_project.target_path
parse_target.mkdir(parents=True, exist_ok=True)
# The parse names a work database in the target folder (never opened): the launcher runs
# dbt from the database's folder under the relative name `work.duckdb`, as every build
# does, so a build's dbt finds this parse valid for its own profile (dbt_launcher.py).
with (parse_target / ".parse.lock").open("w") as parse_lock:
    fcntl.flock(parse_lock, fcntl.LOCK_EX)
    build_database = os.environ.get(DATABASE_VARIABLE)
    os.environ[DATABASE_VARIABLE] = str(parse_target / WORK_DATABASE_NAME)
    try:
        dbt_resource().cli(
            ["parse", "--quiet", "--vars", json.dumps(dbt_vars(Settings.from_env().timezone))],
            target_path=dbt_project.target_path,
        ).wait()
    finally:
        if build_database is None:
            del os.environ[DATABASE_VARIABLE]
        else:
            os.environ[DATABASE_VARIABLE] = build_database


class ScorecardDbtTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer (staging, intermediate, marts) instead of one big group."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if dbt_resource_props["resource_type"] == "model" and len(fqn) > 2 else None


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=ScorecardDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def scorecard_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    # dbt runs as a subprocess; profiles.yml reads the work database path from here.
    os.environ[DATABASE_VARIABLE] = str(warehouse.settings.work_database)
    # Artifacts (run_results.json, compiled SQL) stay beside the warehouse they describe.
    yield from dbt.cli(
        dbt_build_args(warehouse.dbt_vars()), context=context, target_path=warehouse.dbt_target_dir
    ).stream()
