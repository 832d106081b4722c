"""Publish: archive the months that passed the gate, then swap the published files in."""

import json

from dagster import (
    AssetExecutionContext,
    AssetKey,
    BackfillPolicy,
    Failure,
    MaterializeResult,
    asset,
)

from dagster_project.partitions import MONTH_PARTITIONS
from dagster_project.publishing.plan import PlanError
from dagster_project.publishing.store import MONTHLY_TABLES, SHARED_TABLES, candidate_months
from dagster_project.resources import WAREHOUSE_POOL, PublishRequest, WarehouseResource

PUBLICATION_KEY = AssetKey(["published", "scorecard"])
# Everything publication copies, and the tables the gate checks (their checks block it).
PUBLISHED_INPUTS = [
    *(
        AssetKey(["marts", table])
        for table in (*MONTHLY_TABLES, *SHARED_TABLES)
        if table != "load_log"
    ),
    AssetKey(["staging", "stg_warehouse__load_log"]),
    AssetKey(["intermediate", "int_source_rows__daily"]),
]


@asset(
    key=PUBLICATION_KEY,
    deps=PUBLISHED_INPUTS,
    partitions_def=MONTH_PARTITIONS,
    backfill_policy=BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
    group_name="publication",
    description="published.duckdb and published/*.parquet: the months of the run's partition "
    "range that passed the gate; final months are held until a restatement.",
)
def publication(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    publish_request: PublishRequest,
) -> MaterializeResult:
    requested = list(context.partition_keys)
    store = warehouse.publications
    report_dir = warehouse.run_report_dir(context.run_id)
    gate_file = report_dir / "gate.json"
    gate = json.loads(gate_file.read_text()) if gate_file.exists() else {"result": "passed"}
    with store.lock():
        for leftover in store.remove_leftovers():
            context.log.warning(f"removed {leftover.name}, left by an interrupted publication")
        with warehouse.connect(read_only=True) as work:
            try:
                plan = publish_request.plan(work, warehouse, requested)
            except PlanError as error:
                raise Failure(description=str(error)) from error
            held = store.held_changes(work, plan.held)
            not_requested = sorted(set(candidate_months(work)) - set(requested))
            entry = None
            if plan.months:
                context.log.info(
                    f"publishing {', '.join(f'{m} ({s})' for m, s in plan.statuses.items())}"
                )
                entry = store.publish(
                    work,
                    plan,
                    as_of=publish_request.as_of_date(warehouse.timezone),
                    run_id=context.run_id,
                    gate={k: gate.get(k) for k in ("result", "failed", "warnings", "waived")},
                )
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
        "future": list(plan.future),
        "not_requested": not_requested if not plan.restated else [],
        "published_files_now_show": swapped or store.current_publication_id(),
    }
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "publication.json").write_text(json.dumps(outcome, indent=2))
    return MaterializeResult(
        metadata={
            "publication_id": outcome["publication_id"] or 0,
            "months": ", ".join(f"{m} {s}" for m, s in plan.statuses.items()) or "none",
            "held": ", ".join(held) or "none",
            "published_database": str(store.published_database),
        }
    )
