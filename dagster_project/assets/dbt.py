"""The dbt project as Dagster assets: staging, intermediate, marts."""

import os
from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.dbt_args import dbt_build_args
from dagster_project.dbt_launcher import DATABASE_VARIABLE
from dagster_project.dbt_manifest import ensure_manifest
from dagster_project.resources import WAREHOUSE_POOL, WarehouseResource, dbt_vars
from dagster_project.settings import DBT_PROJECT_DIR, Settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# target_path is relative to the dbt project (dbt runs there), not to this process.
ensure_manifest(DBT_PROJECT_DIR / dbt_project.target_path, dbt_vars(Settings.from_env().timezone))


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
