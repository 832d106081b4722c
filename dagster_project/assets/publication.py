"""Publish, failing closed: gate the candidates in this step, then archive and swap them in.

The gate runs inside the publication step, over the candidates it is about to publish,
so nothing can publish without it: not a run that materializes `published/scorecard`
alone (the UI's Materialize button, a partial backfill), not a run whose dbt step was
skipped. Each GX suite is reported as a blocking asset check of the publication.
"""

import json
import warnings
from collections.abc import Iterator

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    BetaWarning,
    Failure,
    MaterializeResult,
    MetadataValue,
    MonthlyPartitionsDefinition,
    asset,
)

from dagster_project.console import say
from dagster_project.resources import WAREHOUSE_POOL, WarehouseResource
from dagster_project.run_parameters import RunParameters
from scorecard.publishing.last_build import forget_complete_build, record_complete_build
from scorecard.publishing.plan import PlanError
from scorecard.publishing.store import candidate_months
from scorecard.publishing.tables import published_tables
from scorecard.quality.candidates import stale_candidates_reason
from scorecard.quality.gate import GateMark, GateResult, load_suites, run_gate
from scorecard.quality.report import write_gate_report

PUBLICATION_KEY = AssetKey(["published", "scorecard"])


def published_inputs() -> list[AssetKey]:
    """The assets publication reads: the models whose dbt YAML has meta.publish
    (scorecard/publishing/tables.py), and the source rows late data is counted from."""
    return [
        *(AssetKey(relation.split(".")) for relation in published_tables().relations),
        AssetKey(["intermediate", "int_source_rows__daily"]),
    ]


def _check_results(result: GateResult, report: str) -> Iterator[AssetCheckResult]:
    for outcome in result.suites:
        failures = outcome.blocking_failures or outcome.warnings
        yield AssetCheckResult(
            check_name=outcome.suite.name,
            asset_key=PUBLICATION_KEY,
            passed=not failures,
            severity=AssetCheckSeverity.ERROR
            if outcome.blocking_failures
            else AssetCheckSeverity.WARN,
            metadata={
                "rows_checked": outcome.rows_checked,
                "failed": "; ".join(f"{e.describe()}: {e.unexpected_count} rows" for e in failures),
                "report": MetadataValue.path(report),
            },
        )


def build_publication_asset(partitions: MonthlyPartitionsDefinition) -> AssetsDefinition:
    """The publication of the months of a run's partition range (built with the definitions:
    the partitions follow the center's time zone, a setting)."""

    # BackfillPolicy is a Dagster beta API; its warning would print on every build.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BetaWarning)
        decorate = asset(
            key=PUBLICATION_KEY,
            deps=published_inputs(),
            partitions_def=partitions,
            backfill_policy=BackfillPolicy.single_run(),
            pool=WAREHOUSE_POOL,
            group_name="publication",
            check_specs=[
                AssetCheckSpec(
                    suite.name, asset=PUBLICATION_KEY, blocking=True, description=suite.description
                )
                for suite in load_suites()
            ],
            description="published.duckdb and published/*.parquet: the months of the run's "
            "partition range whose candidates passed the gate in this step; final months are "
            "held until a restatement, months that did not change are not published again.",
        )

    # Everything publication copies (models of the work database, by name).
    published_models = published_tables().models

    def publication(
        context: AssetExecutionContext,
        warehouse: WarehouseResource,
        config: RunParameters,
    ) -> Iterator[AssetCheckResult | MaterializeResult]:
        requested = list(context.partition_keys)
        paths = warehouse.paths
        store = warehouse.publications()
        report_dir = paths.run_reports(context.run_id)
        with store.lock():
            for leftover in store.remove_leftovers():
                context.log.warning(f"removed {leftover.name}, left by an interrupted publication")
            with warehouse.connect() as work:
                forget_complete_build(work)
                stale = stale_candidates_reason(work, paths.dbt_run_results, published_models)
                if stale:
                    raise Failure(description=f"nothing published: {stale}")
                try:
                    plan = config.plan(work, warehouse, store, requested)
                except PlanError as error:
                    raise Failure(description=str(error)) from error
                mark = GateMark(work)
                gate = run_gate(
                    work,
                    plan.months,
                    mark.last_passed_load_id(),
                    waivers=config.waivers(),
                    progress=context.log.info,
                )
                report = write_gate_report(gate, report_dir, context.run_id)
                say(context, f"gate {'passed' if gate.passed else 'FAILED'}; report: {report}")
                yield from _check_results(gate, str(report))
                if not gate.passed:
                    raise Failure(
                        description="the gate failed, nothing published: "
                        + "; ".join(
                            f"{suite}: {e.describe()}" for suite, e in gate.blocking_failures
                        )
                    )
                if not plan.restated:
                    unchanged = store.unchanged_months(work, plan)
                    # Every month is as published: a changed roster or scheme text alone
                    # still republishes them, with the new dimension tables.
                    everything_unchanged = unchanged and len(unchanged) == len(plan.statuses)
                    if everything_unchanged and store.shared_tables_changed(work):
                        unchanged = []
                    plan = plan.without(unchanged)
                held = store.held_changes(work, plan.held)
                not_requested = sorted(set(candidate_months(work)) - set(requested))
                entry = None
                if plan.months:
                    say(
                        context,
                        f"publishing {', '.join(f'{m} ({s})' for m, s in plan.statuses.items())}",
                    )
                    entry = store.publish(
                        work,
                        plan,
                        as_of=config.as_of_date(warehouse.settings.timezone),
                        run_id=context.run_id,
                        gate=gate.summary(),
                    )
                mark.advance(context.run_id)
                record_complete_build(work)
            swapped = store.refresh()
        for month, change in held.items():
            context.log.warning(
                f"{month} is final (publication {change['publication_id']}) and held: "
                f"{sum(change['late_rows'].values())} rows loaded since, "
                f"{change['changed_scores']} scores would change"
            )
        outcome = {
            "publication_id": entry["publication_id"] if entry else None,
            "statuses": dict(plan.statuses),
            "restated_month": plan.restated,
            "held": held,
            "unchanged": list(plan.unchanged),
            "future": list(plan.future),
            "not_requested": not_requested if not plan.restated else [],
            "published_files_now_show": swapped or store.current_publication_id(),
        }
        (report_dir / "publication.json").write_text(json.dumps(outcome, indent=2))
        yield MaterializeResult(
            metadata={
                "publication_id": outcome["publication_id"] or 0,
                "months": ", ".join(f"{m} {s}" for m, s in plan.statuses.items()) or "none",
                "unchanged": ", ".join(plan.unchanged) or "none",
                "held": ", ".join(held) or "none",
                "published_database": str(store.published_database),
            }
        )

    return decorate(publication)
