"""The worked example of docs/indicators.md: one model (with its lineage), one catalog row
and the model's name in dbt_project.yml's var indicator_models add an indicator, and both
facts pick it up without any other edit."""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal

import duckdb

from scorecard.generate import generate
from scorecard.loading.loader import load_sources
from scorecard.settings import PROJECT_ROOT, Settings
from tests.dbt_runner import copy_project, run_dbt

EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "new_indicator"


def test_one_model_and_one_catalog_row_add_an_indicator(tmp_path):
    project = copy_project(tmp_path / "dbt")
    folder = project / "models" / "intermediate" / "hold"
    folder.mkdir()
    for sql in EXAMPLE.glob("*.sql"):
        shutil.copy(sql, folder / sql.name)
    with (project / "seeds" / "indicator_catalog.csv").open("a", encoding="utf-8") as catalog:
        catalog.write((EXAMPLE / "catalog_row.csv").read_text(encoding="utf-8"))
    # The model's name in the var indicator_models of dbt_project.yml (docs/indicators.md).
    project_yml = project / "dbt_project.yml"
    listed = "  indicator_models:\n"
    text = project_yml.read_text(encoding="utf-8")
    assert listed in text
    project_yml.write_text(
        text.replace(listed, f"{listed}    - int_indicators__hold\n"), encoding="utf-8"
    )

    settings = Settings(warehouse_dir=tmp_path / "warehouse")
    settings.warehouse_dir.mkdir()
    generate(tmp_path / "input", agents=8, months=1, start="2026-05", seed=2)
    with duckdb.connect(str(settings.work_database)) as conn:
        load_sources(conn, tmp_path / "input", settings, "example")
    run_dbt(project, settings.work_database, "seed")
    run_dbt(
        project,
        settings.work_database,
        "run",
        "--select",
        "+fct_indicator_monthly",
        "+fct_agent_monthly",
        "+fct_indicator_lineage",
    )

    with duckdb.connect(str(settings.work_database), read_only=True) as conn:
        long_form = conn.execute(
            "select sum(numerator), sum(denominator) from marts.fct_indicator_monthly "
            "where indicator_code = 'avg_hold_seconds' and grain = 'agent'"
        ).fetchone()
        staged = conn.execute(
            "select sum(coalesce(hold_seconds, 0)), count(*) from staging.stg_calls__calls "
            "where direction = 'inbound' and answered_at_utc is not null"
        ).fetchone()
        wide = conn.execute(
            "select count(*) filter (where avg_hold_seconds is not null), "
            "max(abs(avg_hold_seconds - avg_hold_seconds_numerator "
            "/ avg_hold_seconds_denominator)) from marts.fct_agent_monthly"
        ).fetchone()
        center = conn.execute(
            "select value from marts.fct_indicator_monthly "
            "where indicator_code = 'avg_hold_seconds' and grain = 'center'"
        ).fetchall()
        lineage = conn.execute(
            "select count(*) from marts.fct_indicator_lineage "
            "where indicator_code = 'avg_hold_seconds'"
        ).fetchone()[0]
    assert long_form == staged
    # Published to the catalog row's 2 decimals, rounded half up: within half a cent.
    assert wide[0] > 0 and wide[1] <= Decimal("0.005")
    exact_center = Decimal(staged[0]) / Decimal(staged[1])
    assert center == [(exact_center.quantize(Decimal("0.01"), ROUND_HALF_UP),)]
    assert lineage == staged[1]
