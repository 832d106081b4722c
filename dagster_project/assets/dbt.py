"""The dbt project as Dagster assets: staging, intermediate, marts."""

import os
from collections.abc import Iterator, Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from dagster_project.resources import WAREHOUSE_POOL, PublishRequest, WarehouseResource
from scorecard.dbt_launcher import DATABASE_VARIABLE
from scorecard.dbt_runner import dbt_build_args, dbt_vars, ensure_manifest
from scorecard.publishing.last_build import record_dbt_build, write_skip_note
from scorecard.settings import DBT_PROJECT_DIR, Settings

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
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    publish_request: PublishRequest,
) -> Iterator[Any]:
    with warehouse.connect() as work:
        dbt_work = publish_request.dbt_work(work, warehouse)
    context.log.info(dbt_work.describe())
    if dbt_work.skip_reason:
        # Yielding nothing leaves the (skippable) dbt assets and the publication after
        # them unmaterialized: the night costs the load's file comparison only.
        write_skip_note(warehouse.run_report_dir(context.run_id), dbt_work.skip_reason)
        return
    dbt_vars = warehouse.dbt_vars()
    if dbt_work.months:
        dbt_vars["months_to_build"] = list(dbt_work.months)
    args = dbt_build_args(dbt_vars)
    if dbt_work.full_refresh:
        args.append("--full-refresh")
    # dbt runs as a subprocess; profiles.yml reads the work database path from here.
    os.environ[DATABASE_VARIABLE] = str(warehouse.settings.work_database)
    # Artifacts (run_results.json, compiled SQL) stay beside the warehouse they describe.
    yield from dbt.cli(args, context=context, target_path=warehouse.dbt_target_dir).stream()
    # Reached only when dbt succeeded (a failed dbt command raises above).
    with warehouse.connect() as work:
        record_dbt_build(work, warehouse.dbt_fingerprint())
