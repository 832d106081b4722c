"""Dagster entry point (`dagster dev -m dagster_project.definitions`)."""

from __future__ import annotations

from dagster import Definitions

from dagster_project.assets.dbt import scorecard_dbt_models
from dagster_project.assets.raw import raw_assets
from dagster_project.jobs import scorecard_job
from dagster_project.resources import WarehouseResource, dbt_resource


def build_definitions(warehouse: WarehouseResource) -> Definitions:
    return Definitions(
        assets=[*raw_assets, scorecard_dbt_models],
        jobs=[scorecard_job],
        resources={"warehouse": warehouse, "dbt": dbt_resource()},
    )


defs = build_definitions(WarehouseResource.from_env())
