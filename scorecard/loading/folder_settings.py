"""How a source folder's files are written, when the center has to say so (SPEC §3).

Most folders need nothing: CSV files are UTF-8 (GB18030 is recognized on its own, see
encodings.py) and a workbook's sheet is found by its name. A folder whose files need a
declaration holds `source.toml`:

    encoding = "gb18030"   # its CSV files are GB18030/GBK (Excel on Chinese Windows)
    sheet = "考勤"          # the sheet of its workbooks to load

The encoding can also be declared for a whole run (`scorecard build --encoding gb18030`,
or `SCORECARD_CSV_ENCODING`); a folder's own declaration wins over the run's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "source.toml"
UTF8 = "utf-8"
GB18030 = "gb18030"
# GBK and GB2312 are subsets of GB18030: a file declared as either is read as GB18030.
ENCODING_NAMES = {
    "utf-8": UTF8,
    "utf8": UTF8,
    "gb18030": GB18030,
    "gbk": GB18030,
    "gb2312": GB18030,
    "cp936": GB18030,
}
KNOWN_KEYS = ("encoding", "sheet")


class SettingsError(ValueError):
    """A folder's source.toml (or the run's encoding) cannot be used; the message says why."""


def encoding_named(name: str, where: str) -> str:
    """The encoding a declared name means (utf-8 or gb18030); SettingsError if unknown."""
    encoding = ENCODING_NAMES.get(name.strip().lower())
    if encoding is None:
        known = ", ".join(sorted(ENCODING_NAMES))
        raise SettingsError(f"{where}: unknown encoding {name!r} (known: {known})")
    return encoding


@dataclass(frozen=True)
class FolderSettings:
    """What is declared for one folder: encoding (None: UTF-8, GB18030 detected) and sheet."""

    encoding: str | None = None
    sheet: str | None = None
    declared_in: str = ""  # where the encoding was declared, for messages


def folder_settings(folder: Path, relative: str, run_encoding: str | None) -> FolderSettings:
    """The folder's declarations over the run's; SettingsError names a bad source.toml."""
    path = folder / SETTINGS_FILE
    encoding = run_encoding
    declared_in = "the run (--encoding / SCORECARD_CSV_ENCODING)" if run_encoding else ""
    if not path.is_file():
        return FolderSettings(encoding=encoding, declared_in=declared_in)
    where = f"{relative}/{SETTINGS_FILE}"
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{where}: not readable as TOML ({error})") from error
    unknown = sorted(set(values) - set(KNOWN_KEYS))
    if unknown:
        raise SettingsError(
            f"{where}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(KNOWN_KEYS)})"
        )
    for key in KNOWN_KEYS:
        if key in values and not isinstance(values[key], str):
            raise SettingsError(f"{where}: {key} must be text, got {values[key]!r}")
    if "encoding" in values:
        encoding = encoding_named(values["encoding"], where)
        declared_in = where
    return FolderSettings(encoding=encoding, sheet=values.get("sheet"), declared_in=declared_in)
