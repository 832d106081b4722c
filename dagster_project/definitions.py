"""Dagster entry point (`dagster dev -m dagster_project.definitions`).

Nothing is built when this module is imported: Dagster's tools call `defs` when they load
the code location, and `scorecard build` calls `build_definitions` for its own run. The
asset modules (dagster-dbt, GX, the loader) are imported there too, so importing this
module costs no more than importing Dagster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dagster as dg

if TYPE_CHECKING:
    from dagster_project.resources import WarehouseResource


def build_definitions(warehouse: WarehouseResource) -> dg.Definitions:
    from dagster_project.assets.dbt import build_dbt_assets, dbt_resource
    from dagster_project.assets.publication import build_publication_asset
    from dagster_project.assets.raw import build_raw_assets
    from dagster_project.console import scorecard_console
    from dagster_project.jobs import build_scorecard_job
    from dagster_project.partitions import month_partitions
    from dagster_project.schedules import build_nightly_schedule

    settings = warehouse.settings
    partitions = month_partitions(settings.timezone)
    assets = [*build_raw_assets(), build_dbt_assets(settings), build_publication_asset(partitions)]
    job = build_scorecard_job(partitions)
    op_names = [asset.op.name for asset in assets]
    return dg.Definitions(
        assets=assets,
        jobs=[job],
        schedules=[build_nightly_schedule(settings.timezone, job, op_names)],
        resources={"warehouse": warehouse, "dbt": dbt_resource()},
        # Replaces Dagster's default console logger (dagster_project/console.py).
        loggers={"console": scorecard_console},
    )


@dg.definitions
def defs() -> dg.Definitions:
    from dagster_project.resources import WarehouseResource

    return build_definitions(WarehouseResource.from_env())
