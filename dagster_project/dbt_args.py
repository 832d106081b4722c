"""The dbt command line, built by one pure function so it can be tested without dbt."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence


def indicator_models(catalog_csv: str) -> list[str]:
    """The models named in the indicator catalog's `model` column, sorted and unique.

    fct_indicator_monthly unions exactly these (dbt cannot discover models at parse time),
    so adding an indicator is one model plus one catalog row.
    """
    rows = csv.DictReader(io.StringIO(catalog_csv))
    return sorted({row["model"].strip() for row in rows if row.get("model", "").strip()})


def dbt_build_args(
    dbt_vars: Mapping[str, object],
    select: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fail_fast: bool = True,
    unit_tests: bool = False,
) -> list[str]:
    """Arguments of `dbt build`: vars as sorted JSON so the same inputs give the same command.

    Unit tests check SQL logic on fixed fixtures, not the night's data: the nightly build
    leaves them to CI (`make dbt-check`), as dbt recommends for production runs.
    """
    args = ["build"]
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    if dbt_vars:
        args += ["--vars", json.dumps(dict(dbt_vars), sort_keys=True, ensure_ascii=False)]
    if fail_fast:
        args.append("--fail-fast")
    return args
