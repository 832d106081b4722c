"""The dbt manifest the Dagster assets are built from, parsed only when the project changed.

The asset graph is read from `dbt/target/manifest.json`, which depends on the project's files
and on the vars (the catalog's indicator models), so a catalog row added since the last
parse must reach it. A parse costs about 5 s even when dbt finds nothing changed (starting
dbt and reading its saved state), and every `scorecard` command and Dagster process loads
the definitions: so the files' names, sizes and modification times and the vars are
fingerprinted, and dbt runs only when the fingerprint moved.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from dagster_project.dbt_launcher import DATABASE_VARIABLE
from dagster_project.settings import DBT_PROJECT_DIR, WORK_DATABASE_NAME

# Folders dbt writes, not inputs of the parse.
_OUTPUT_FOLDERS = {"target", "logs", "dbt_packages"}


def project_fingerprint(project_dir: Path, dbt_vars: dict[str, object]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(dbt_vars, sort_keys=True).encode())
    digest.update(metadata.version("dbt-core").encode())
    for path in sorted(project_dir.rglob("*")):
        relative = path.relative_to(project_dir)
        if relative.parts[0] in _OUTPUT_FOLDERS or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def ensure_manifest(target_dir: Path, dbt_vars: dict[str, object]) -> None:
    """Parse the project into target_dir unless its manifest is of these files and vars.

    The lock keeps two processes loading the definitions at once (a CLI build and `dagster
    dev`) from writing the manifest together. The parse names a work database in the
    target folder (never opened): the launcher runs dbt from the database's folder under
    the relative name `work.duckdb`, as every build does, so a build's dbt finds this parse
    valid for its own profile (dbt_launcher.py).
    """
    from dagster_project.resources import dbt_resource

    target_dir.mkdir(parents=True, exist_ok=True)
    fingerprint_file = target_dir / "manifest.fingerprint"
    with (target_dir / ".parse.lock").open("w") as parse_lock:
        fcntl.flock(parse_lock, fcntl.LOCK_EX)
        fingerprint = project_fingerprint(DBT_PROJECT_DIR, dbt_vars)
        if (
            (target_dir / "manifest.json").exists()
            and fingerprint_file.exists()
            and fingerprint_file.read_text(encoding="utf-8") == fingerprint
        ):
            return
        build_database = os.environ.get(DATABASE_VARIABLE)
        os.environ[DATABASE_VARIABLE] = str(target_dir / WORK_DATABASE_NAME)
        try:
            dbt_resource().cli(
                ["parse", "--quiet", "--vars", json.dumps(dbt_vars)], target_path=target_dir
            ).wait()
        finally:
            if build_database is None:
                del os.environ[DATABASE_VARIABLE]
            else:
                os.environ[DATABASE_VARIABLE] = build_database
        fingerprint_file.write_text(fingerprint, encoding="utf-8")
