"""Scenario states that tests share without depending on each other's order.

A scenario (a center's nights: build, close, late data, restatement...) is a chain of
states. Each state is a module-scoped fixture that copies the state before it into a
directory of its own and runs its one step there, once, keeping what the step printed;
a test asserts on the state it names, and copies it (`State.copy`) before changing
anything. Any test runs alone, in any order, with only the steps its state needs.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from scorecard.cli import main


@dataclass
class State:
    """A warehouse and the input folder it is built from (root/warehouse, root/input)."""

    root: Path
    generated: Path | None = None  # the generator's full exports, delivered day by day
    code: int | None = None  # what the step that made this state returned...
    out: str = ""  # ...and printed
    err: str = ""
    facts: dict = field(default_factory=dict)  # anything else a step wants its tests to see

    @property
    def input(self) -> Path:
        return self.root / "input"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    def copy(self, root: Path) -> State:
        """The same input and warehouse under `root` (symlinks kept: published/ is one)."""
        for name in ("input", "warehouse"):
            if (self.root / name).exists():
                shutil.copytree(self.root / name, root / name, symlinks=True)
        return State(root, self.generated, facts=dict(self.facts))

    def published(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse / "published.duckdb"), read_only=True) as conn:
            return conn.execute(sql).fetchall()

    def work(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse / "work.duckdb"), read_only=True) as conn:
            return conn.execute(sql).fetchall()

    def published_bytes(self) -> bytes:
        return (self.warehouse / "published.duckdb").read_bytes()


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """`scorecard ARGS` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def next_state(
    before: State | None, root: Path, step: Callable[[State], tuple[int, str, str]]
) -> State:
    """`before` copied to `root` (an empty state when None), then `step` run on it."""
    state = before.copy(root) if before else State(root)
    state.code, state.out, state.err = step(state)
    return state
