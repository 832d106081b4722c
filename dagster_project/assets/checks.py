"""The publication gate as blocking asset checks: one check per GX suite (SPEC §9)."""

from collections.abc import Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from dagster_project.partitions import requested_months
from dagster_project.quality.gate import GateMark, load_suites, run_gate
from dagster_project.quality.report import write_gate_report
from dagster_project.resources import WAREHOUSE_POOL, PublishRequest, WarehouseResource

SUITES = load_suites()


def suite_asset_key(asset: str) -> AssetKey:
    return AssetKey(asset.split("/"))


@multi_asset_check(
    name="publication_gate",
    specs=[
        AssetCheckSpec(
            suite.name,
            asset=suite_asset_key(suite.asset),
            blocking=True,
            description=suite.description,
        )
        for suite in SUITES
    ],
    pool=WAREHOUSE_POOL,
)
def publication_gate(
    context: AssetCheckExecutionContext,
    warehouse: WarehouseResource,
    publish_request: PublishRequest,
) -> Iterator[AssetCheckResult]:
    """Validate the candidate months this run would publish; write the gate report."""
    mark = GateMark(warehouse.settings.warehouse_dir)
    with warehouse.connect(read_only=True) as work:
        plan = publish_request.plan(work, warehouse, requested_months(context.run.tags))
        result = run_gate(
            work,
            plan.months,
            mark.last_passed_load_id(),
            SUITES,
            publish_request.waivers(),
            progress=context.log.info,
        )
        if result.passed:
            mark.advance(work)
    run_id = context.run.run_id
    report = write_gate_report(result, warehouse.run_report_dir(run_id), run_id)
    context.log.info(f"gate {'passed' if result.passed else 'FAILED'}; report: {report}")
    for outcome in result.suites:
        failures = outcome.blocking_failures or outcome.warnings
        yield AssetCheckResult(
            check_name=outcome.suite.name,
            asset_key=suite_asset_key(outcome.suite.asset),
            passed=not failures,
            severity=AssetCheckSeverity.ERROR
            if outcome.blocking_failures
            else AssetCheckSeverity.WARN,
            metadata={
                "rows_checked": outcome.rows_checked,
                "failed": "; ".join(f"{e.describe()}: {e.unexpected_count} rows" for e in failures),
                "report": MetadataValue.path(str(report)),
            },
        )
