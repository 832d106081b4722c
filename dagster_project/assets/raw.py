"""One asset per source folder: its exports loaded into `raw.<source>` (SPEC §3)."""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
)

from dagster_project.console import say
from dagster_project.resources import WAREHOUSE_POOL, WarehouseResource
from dagster_project.run_parameters import RunParameters
from scorecard.contract import SOURCES, Source
from scorecard.loading.loader import FileLoad, SourceLoader

RAW_PREFIX = "raw"
AGENTS_KEY = AssetKey([RAW_PREFIX, "agents"])


def file_table(results: list[FileLoad]) -> str:
    """A markdown table of a load, one row per file, for the asset's metadata."""
    lines = [
        "| file | status | read | loaded | corrections | duplicates | quarantined | reasons |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(r.quarantine_reasons.items()))
        lines.append(
            f"| {r.file_path} | {r.status} | {r.rows_read} | {r.rows_loaded} | "
            f"{r.rows_superseding} | {r.rows_duplicate} | {r.rows_quarantined} | "
            f"{reasons or r.error or ''} |"
        )
    return "\n".join(lines)


def build_raw_asset(source: Source) -> AssetsDefinition:
    # Every other source is checked against the roster, so it loads after agents.
    deps = [] if source.name == "agents" else [AGENTS_KEY]

    @asset(
        name=source.name,
        key_prefix=RAW_PREFIX,
        group_name="raw",
        deps=deps,
        pool=WAREHOUSE_POOL,
        description=f"Raw `{source.name}/` exports ({source.grain}), every version of every "
        "valid row with its lineage; invalid rows go to raw.quarantine.",
    )
    def _load(
        context: AssetExecutionContext,
        warehouse: WarehouseResource,
        config: RunParameters,
    ) -> MaterializeResult:
        settings = warehouse.settings
        if not warehouse.input_dir:  # a restatement without new exports
            context.log.info(f"no input directory: nothing loaded for {source.name}")
            return MaterializeResult(metadata={"files": 0})
        with warehouse.connect() as conn:
            loader = SourceLoader(
                conn,
                settings,
                batch_id=context.run_id,
                progress=context.log.info,
                notice=lambda message: say(context, message),
                first_load_id=warehouse.publications().last_load_id() + 1,
                # Rows dated after the run's day are quarantined (future_timestamp).
                as_of=config.as_of_date(settings.timezone),
                trust_file_signatures=not config.full_rebuild,
            )
            results = loader.load_folder(Path(warehouse.input_dir), source)
        failed = [r for r in results if r.status == "failed"]
        metadata = {
            "files": len(results),
            "rows_loaded": sum(r.rows_loaded for r in results),
            "rows_quarantined": sum(r.rows_quarantined for r in results),
            "files_failed": len(failed),
            "load": MetadataValue.md(file_table(results)),
        }
        if failed:
            # The good files are committed; the run stops before dbt so nothing downstream
            # is rebuilt from a partial delivery.
            raise Failure(
                description="; ".join(f"{r.file_path}: {r.error}" for r in failed),
                metadata=metadata,
            )
        return MaterializeResult(metadata=metadata)

    return _load


def build_raw_assets() -> list[AssetsDefinition]:
    return [build_raw_asset(source) for source in SOURCES]
