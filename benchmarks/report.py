"""The suite's table: each figure beside the bare app's, their ratio, the goal, whether it
holds, and the machine's other load while it was taken. Printed, and written on top of
``docs/benchmarks.md`` (older tables are kept below)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.machine import MAX_OTHER_LOAD

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

`make bench` runs the suite (`python -m benchmarks suite`): this platform beside a bare Reflex
app (`benchmarks/bare/`: a counter and one handler doing an SQLModel INSERT + COMMIT and a
SELECT by id), both started the way `make run` starts them, measured in the same run on the
same machine. Every figure is a ratio to the bare app's, except where the goal is absolute,
and the rows "through nginx, one host → two hosts" (PostgreSQL + Redis): there the bare-app
column holds the platform as one host behind nginx (`deploy/nginx`), this app's column two
hosts on the same database and Redis, and the ratio is two hosts over one.
The machine's other load (CPU used by anything but the apps measured, the benchmark itself
and its browser) is recorded beside each figure; a window above {limit:.0%} of a core is
refused (marked "refused"), not reported. The newest table is on top.
"""


@dataclass
class Figure:
    """One line of the table."""

    goal_no: str            # which goal of the speed issue it measures ("1", "2", ...)
    name: str
    bare: float | None      # None: no bare counterpart (absolute goal)
    ours: float
    unit: str
    limit: float | None     # the goal: ratio ≤ limit, or (absolute) ours ≤ limit; None: reported
    absolute: bool = False
    other_load: float = 0.0  # cores
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.absolute or self.bare in (None, 0) or math.isnan(self.bare or math.nan):
            return None
        return self.ours / self.bare  # type: ignore[operator]

    @property
    def refused(self) -> bool:
        return self.other_load > MAX_OTHER_LOAD

    @property
    def holds(self) -> bool:
        if self.refused or math.isnan(self.ours) or self.limit is None:
            return False
        value = self.ours if self.absolute else self.ratio
        return value is not None and value <= self.limit


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if math.isnan(value) or math.isinf(value):
        return "n/a"
    if unit in ("ms", "s") and value < 100:
        return f"{value:.1f} {unit}"
    if unit in ("KB", "MB"):
        return f"{value:.1f} {unit}"
    return f"{value:,.0f} {unit}".strip()


def table(figures: list[Figure]) -> str:
    lines = ["| goal | figure | bare app | this app | ratio | goal | holds | other load |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in figures:
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        if f.limit is None:
            goal = "reported"
        else:
            goal = f"≤ {_number(f.limit, f.unit)}" if f.absolute else f"≤ {f.limit:g}×"
        verdict = "—" if f.limit is None else ("yes" if f.holds else "**no**")
        holds = "refused" if f.refused else verdict
        name = f.name + (f" ({f.note})" if f.note else "")
        lines.append(f"| {f.goal_no} | {name} | {_number(f.bare, f.unit)} | "
                     f"{_number(f.ours, f.unit)} | {ratio} | {goal} | {holds} | "
                     f"{f.other_load:.2f} cores |")
    return "\n".join(lines)


def write(figures: list[Figure], machine: dict[str, str], *, title: str,
          path: Path = DOC) -> str:
    """Put the new table on top of the document; returns the section written."""
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    facts = ", ".join(f"{k} {v}" for k, v in machine.items())
    section = f"## {when} — {title}\n\nMachine: {facts}.\n\n{table(figures)}\n"
    old = path.read_text() if path.exists() else ""
    body = old.split("\n## ", 1)[1] if "\n## " in old else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(limit=MAX_OTHER_LOAD) + "\n" + section
                    + ("\n## " + body if body else ""))
    return section
