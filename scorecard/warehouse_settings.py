"""Settings a warehouse keeps between runs, in `<warehouse>/warehouse_settings.json`.

One so far: `schemes_from`, the month from which the schemes' first versions apply in this
warehouse (`scorecard build --schemes-from YYYY-MM`). The shipped schemes take effect in
2024; a center loading older exports (a backfill of history, such as the 1999 logs) sets
it once, and every later build of the warehouse (the command line, the nightly schedule,
the Dagster UI) scores with the same versions, so a month is never scored one way by one
run and another way by the next. dbt receives it as the var `schemes_from`
(int_scoring__scheme_versions) and every publication records it in its log entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SETTINGS_FILE = "warehouse_settings.json"
MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
CLEAR = "none"  # --schemes-from none: back to each version's own effective month


def read_schemes_from(warehouse_dir: Path) -> str:
    """The month set for the warehouse, or "" (each scheme version's own month)."""
    path = warehouse_dir / SETTINGS_FILE
    if not path.is_file():
        return ""
    return json.loads(path.read_text(encoding="utf-8")).get("schemes_from") or ""


def write_schemes_from(warehouse_dir: Path, month: str) -> str:
    """Keep `month` (YYYY-MM, or `none` to clear) for every later build; return it."""
    value = "" if month == CLEAR else month
    if value and not MONTH.fullmatch(value):
        raise ValueError(f"expected YYYY-MM or {CLEAR}, got {month!r}")
    path = warehouse_dir / SETTINGS_FILE
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    current["schemes_from"] = value or None
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return value
