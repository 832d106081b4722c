"""Dagster entry point (`dagster dev -m dagster_project.definitions`)."""

from __future__ import annotations

from dagster import Definitions

from dagster_project.assets.dbt import scorecard_dbt_models
from dagster_project.assets.publication import publication
from dagster_project.assets.raw import raw_assets
from dagster_project.jobs import scorecard_job
from dagster_project.resources import PublishRequest, WarehouseResource, dbt_resource
from dagster_project.schedules import build_nightly_schedule


def build_definitions(
    warehouse: WarehouseResource, request: PublishRequest | None = None
) -> Definitions:
    return Definitions(
        assets=[*raw_assets, scorecard_dbt_models, publication],
        jobs=[scorecard_job],
        schedules=[build_nightly_schedule(warehouse.timezone)],
        resources={
            "warehouse": warehouse,
            "dbt": dbt_resource(),
            "publish_request": request or PublishRequest(),
        },
    )


defs = build_definitions(WarehouseResource.from_env())
