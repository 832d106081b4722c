"""What one run does, as Dagster run configuration: the date it takes as today, a
restatement, waivers, a full rebuild. Every step of the job reads the same values."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import duckdb
from dagster import Config

from dagster_project.resources import WarehouseResource
from scorecard.publishing.last_build import DbtWork, plan_dbt_work
from scorecard.publishing.plan import PublicationPlan, plan_publication
from scorecard.publishing.store import PublicationStore, candidate_months


class RunParameters(Config):
    """The schedule sets `as_of` to its night; `scorecard restate` the month and reason."""

    as_of: str = ""  # YYYY-MM-DD; empty: today in the center's time zone
    restate_month: str = ""
    reason: str = ""
    accept_quarantine: bool = False
    # Rebuild every dbt model from all history even if nothing changed (`--full-rebuild`).
    full_rebuild: bool = False

    def as_of_date(self, timezone: str) -> date:
        if self.as_of:
            return date.fromisoformat(self.as_of)
        return datetime.now(ZoneInfo(timezone)).date()

    def waivers(self) -> list[str]:
        return ["accept_quarantine"] if self.accept_quarantine else []

    def plan(
        self,
        work: duckdb.DuckDBPyConnection,
        warehouse: WarehouseResource,
        store: PublicationStore,
        requested_months: list[str] | None,
    ) -> PublicationPlan:
        settings = warehouse.settings
        return plan_publication(
            candidate_months(work),
            requested_months,
            store.latest_by_month(),
            self.as_of_date(settings.timezone),
            settings.close_day,
            restate_month=self.restate_month or None,
            reason=self.reason or None,
        )

    def dbt_work(self, work: duckdb.DuckDBPyConnection, warehouse: WarehouseResource) -> DbtWork:
        """Tonight's dbt work from the last complete night (publishing/last_build.py)."""
        forced = None
        if self.restate_month:
            forced = f"restatement of {self.restate_month}"
        elif self.accept_quarantine:
            forced = "--accept-quarantine"
        store = warehouse.publications()

        def status_changes() -> list[str]:
            latest = store.latest_by_month()
            planned = self.plan(work, warehouse, store, None).statuses
            return [m for m, s in planned.items() if m not in latest or latest[m].status != s]

        settings = warehouse.settings
        return plan_dbt_work(
            work,
            warehouse.dbt_fingerprint(),
            forced=forced,
            full_rebuild=self.full_rebuild,
            status_changes=status_changes,
            # Spark builds a long history in one run: its tables are not in this database,
            # where the months with data are counted between the runs.
            first_build_months_per_run=(
                settings.first_build_months_per_run if settings.engine == "duckdb" else 0
            ),
        )


def run_config(parameters: RunParameters, op_names: list[str]) -> dict[str, object]:
    """Run configuration giving every step of the job the same parameters."""
    values = parameters.model_dump()
    return {"ops": {name: {"config": values} for name in op_names}}
