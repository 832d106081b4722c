"""Which encoding a CSV file is read in: UTF-8, or GB18030 when declared or recognized.

Excel on Chinese Windows saves "CSV" in the system code page, GBK (GB18030 is its
superset, and what is read here). A file is read as:

1. UTF-8 when it starts with a UTF-8 byte order mark, whatever is declared (the mark
   says so), or when UTF-8 is declared;
2. GB18030 when GB18030 (or GBK, GB2312) is declared for its folder or the run;
3. otherwise UTF-8 when its bytes are valid UTF-8, else GB18030 when every byte of it
   decodes as GB18030 ("detected"), else it fails as neither.

A GB18030 file is converted to UTF-8 line by line into the private work area and read
from there: the conversion keeps every line ending (a line feed is never part of a
GB18030 character), so line numbers stay the physical lines of the original, and the
original's bytes are what is hashed. A value is never altered: a byte sequence that is
not GB18030 fails the file, naming its line, rather than being replaced.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from scorecard.loading.folder_settings import GB18030, UTF8, FolderSettings

UTF8_BOM = codecs.BOM_UTF8


class EncodingProblem(ValueError):
    """The file cannot be read in the encoding it must have; the message says which line."""


class Utf8Check:
    """Fed a file's chunks in order: whether all of it is valid UTF-8, and where not."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._lines_before = 0
        self.valid = True
        self.first_bad_line: int | None = None

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.valid:
            return
        if chunk.isascii() and not self._decoder.getstate()[0]:
            # ASCII is UTF-8, and checking it costs next to nothing (most of every export).
            self._lines_before += chunk.count(b"\n")
            return
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            self.valid = False
            self.first_bad_line = self._lines_before + chunk[: error.start].count(b"\n") + 1
            return
        self._lines_before += chunk.count(b"\n")


@dataclass(frozen=True)
class Encoding:
    """How a file is read: the codec, and whether it was declared or recognized."""

    name: str  # utf-8 | gb18030
    how: str  # "" (plain UTF-8) | declared | detected

    def describe(self) -> str:
        return f"{self.name} ({self.how})" if self.how else self.name


def choose_encoding(
    path: Path, starts_with_bom: bool, utf8: Utf8Check, settings: FolderSettings
) -> Encoding:
    """The encoding of one file (module docstring); EncodingProblem when it has none."""
    if starts_with_bom:
        return Encoding(UTF8, "")
    if settings.encoding == UTF8:
        return Encoding(UTF8, "declared")
    if settings.encoding == GB18030:
        return Encoding(GB18030, "declared")
    if utf8.valid:
        return Encoding(UTF8, "")
    bad_line = _first_undecodable_line(path, GB18030)
    if bad_line is None:
        return Encoding(GB18030, "detected")
    raise EncodingProblem(
        f"neither UTF-8 (first invalid byte on line {utf8.first_bad_line}) nor GB18030 "
        f"(line {bad_line}); save the file as UTF-8, or declare its encoding in source.toml"
    )


def _first_undecodable_line(path: Path, encoding: str) -> int | None:
    """The first line whose bytes do not decode, or None when the whole file decodes."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return None


def transcode_to_utf8(source: Path, target: Path, encoding: str) -> None:
    """Write the file as UTF-8, line for line; EncodingProblem names the first bad line."""
    with source.open("rb") as reading, target.open("wb") as writing:
        for number, line in enumerate(reading, start=1):
            try:
                writing.write(line.decode(encoding).encode("utf-8"))
            except UnicodeDecodeError as error:
                raise EncodingProblem(
                    f"not valid {encoding.upper()} on line {number} ({error.reason}); "
                    "check the file's encoding and its declaration in source.toml"
                ) from error
