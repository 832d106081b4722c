"""The dbt project as Dagster assets: staging, intermediate, marts."""

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from importlib import metadata
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from packaging import version

from dagster_project.console import say
from dagster_project.resources import WAREHOUSE_POOL, WarehouseResource
from dagster_project.run_parameters import RunParameters
from scorecard.dbt_runner import (
    build_all_but_the_last_months,
    build_environment,
    create_views_on_duckdb,
    dbt_build_args,
    dbt_engine,
    dbt_executable,
    dbt_vars,
    ensure_manifest,
    environment_added,
    months_environment,
)
from scorecard.publishing.last_build import record_dbt_build, write_skip_note
from scorecard.settings import DBT_PROJECT_DIR, Settings
from scorecard.spark_candidates import clear_spark_export, import_spark_export

DBT_OP_NAME = "scorecard_dbt_models"


class ScorecardDbtTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer (staging, intermediate, marts) instead of one big group."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if dbt_resource_props["resource_type"] == "model" and len(fqn) > 2 else None


class ScorecardDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource without two steps this project does not use.

    Before each dbt command dagster-dbt runs `dbt --version` in a subprocess (the version
    decides between dbt Core and the Fusion engine) and opens a dbt adapter in this process
    (for column metadata, which no asset here asks for): together 7-8 s of every build on a
    2-core machine. Here dbt is always this environment's dbt Core (the launcher execs it),
    so its version is the installed package's, and no adapter is opened. Both overrides name
    private members of the exactly pinned dagster-dbt; tests/test_dbt_runner.py checks them.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> DbtCliResource:
    return ScorecardDbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=dbt_executable(),
    )


def build_dbt_assets(settings: Settings) -> AssetsDefinition:
    """The dbt assets, from a manifest parsed only when the project or its vars changed."""
    dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    # target_path is relative to the dbt project (dbt runs there), not to this process.
    ensure_manifest(DBT_PROJECT_DIR / dbt_project.target_path, dbt_vars(settings))

    @dbt_assets(
        name=DBT_OP_NAME,
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=ScorecardDbtTranslator(),
        pool=WAREHOUSE_POOL,
    )
    def scorecard_dbt_models(
        context: AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: RunParameters,
    ) -> Iterator[Any]:
        paths = warehouse.paths
        with warehouse.connect() as work:
            dbt_work = config.dbt_work(work, warehouse)
        say(context, dbt_work.describe())
        if dbt_work.skip_reason:
            # Yielding nothing leaves the (skippable) dbt assets and the publication after
            # them unmaterialized: the night costs the load's file comparison only.
            write_skip_note(paths.run_reports(context.run_id), dbt_work.skip_reason)
            return
        settings = warehouse.settings
        engine = dbt_engine(settings)
        values = {**dbt_vars(settings), **engine.vars}
        months = months_environment(dbt_work.months)

        def start(
            args: list[str],
            environment: dict[str, str],
            context: AssetExecutionContext | None = None,
        ) -> DbtCliInvocation:
            # Artifacts (run_results.json, compiled SQL) stay beside the warehouse they
            # describe. dagster-dbt starts dbt in cli() with this process's environment.
            with environment_added({**build_environment(settings, engine), **environment}):
                return dbt.cli(args, context=context, target_path=paths.dbt_target)

        full_refresh = dbt_work.full_refresh
        if dbt_work.months_per_run:
            last_months = build_all_but_the_last_months(
                run=lambda args, environment: start(args, environment).wait(),
                connect=warehouse.connect,
                dbt_vars=values,
                months_per_run=dbt_work.months_per_run,
                say=lambda line: say(context, line),
            )
            if last_months:  # the last build: the newest months, every data test
                months = months_environment(last_months, every_month_tested=True)
                full_refresh = False
        args = [*dbt_build_args(values), *engine.arguments]
        if full_refresh:
            args.append("--full-refresh")
        if settings.engine == "spark":
            clear_spark_export(paths)
        yield from start(args, months, context).stream()
        # Reached only when dbt succeeded (a failed dbt command raises above).
        if settings.engine == "spark":
            # Spark's tables replace the work database's, then dbt on DuckDB makes the views
            # over them (after the connection closes: one writer per database file).
            with warehouse.connect() as work:
                tables = import_spark_export(work, paths.spark_export)
            create_views_on_duckdb(settings)
            say(context, f"Spark: {len(tables)} tables read into the work database")
        with warehouse.connect() as work:
            record_dbt_build(work, warehouse.dbt_fingerprint())

    return scorecard_dbt_models
