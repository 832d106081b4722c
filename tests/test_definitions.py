"""The Dagster code location does no work at import: Dagster's tools load `defs` lazily."""

import subprocess
import sys

from dagster_project.definitions import defs
from scorecard.contract import SOURCES


def test_importing_the_definitions_imports_no_dbt_gx_or_database():
    probe = (
        "import sys, dagster_project.definitions; "
        "print(sorted(m for m in ('dagster_dbt', 'dbt', 'great_expectations', 'duckdb', "
        "'scorecard.loading.loader') if m in sys.modules))"
    )
    imported = subprocess.check_output([sys.executable, "-c", probe], text=True)
    assert imported.strip() == "[]"


def test_loading_the_code_location_gives_the_job_its_assets_and_the_schedule(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_WAREHOUSE", str(tmp_path))
    definitions = defs()
    job = definitions.resolve_job_def("scorecard_build")
    steps = set(job.graph.node_names())
    assert {"raw__calls", "raw__agents", "scorecard_dbt_models", "published__scorecard"} <= steps
    assert len(steps) == len(SOURCES) + 2  # one per source, dbt, the publication
    assert definitions.resolve_schedule_def("nightly_build").cron_schedule == "0 2 * * *"
