"""The machine beside a measurement: how much CPU the rest of it used meanwhile.

A figure taken while something else burns a core says little, so every window records the
machine's other load: all CPU time spent (``/proc/stat``) minus that of the processes being
measured (the servers, this process, the browser it drives), in cores.

What is "ours" is best known by a control group: this process moves itself into a cpuacct
group of its own (as root, where cgroup v1's cpuacct is mounted), and everything it starts
stays there, Chromium's renderers and processes orphaned by a browser shutting down included
(counted by process tree and name, a browser closing in one window made its earlier CPU vanish
from the next one, and the window looked busy). Without the group, the process tree and the
processes named like the browser are counted instead.
"""

from __future__ import annotations

import contextlib
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import CLOCK_TICKS, cpu_seconds, process_tree

MAX_OTHER_LOAD = 0.20  # cores: a window above this is refused
SERVICES = ("postgres", "redis-server")  # the databases the apps use work for them
BROWSER = ("chrom",)
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def _processes_named(fragments: tuple[str, ...]) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    name = handle.read()
            except OSError:
                continue
            if any(fragment in name for fragment in fragments):
                found.append(int(entry))
    return found


def _busy_seconds() -> float:
    with open("/proc/stat") as handle:
        fields = handle.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


@dataclass
class Window:
    """A measured stretch of time and the other load during it."""

    seconds: float = 0.0
    other_cores: float = 0.0

    @property
    def quiet(self) -> bool:
        return self.other_cores <= MAX_OTHER_LOAD


class LoadMonitor:
    """Measure the other load over a window: ``with monitor.window() as w: ...``.

    What is measured is this process and everything it starts from now on (the servers, their
    builds and workers, the browser), and the database servers the apps use (PostgreSQL and
    Redis work for them). Make it before starting anything."""

    def __init__(self) -> None:
        self.group = _own_group()

    def _ours(self) -> float:
        if self.group is not None:
            return (int((self.group / "cpuacct.usage").read_text()) / 1e9
                    + cpu_seconds(_processes_named(SERVICES)))
        pids = set(process_tree(os.getpid())) | set(_processes_named(SERVICES + BROWSER))
        return cpu_seconds(sorted(pids))

    def window(self) -> _WindowContext:
        return _WindowContext(self)

    def close(self) -> None:
        """Move back to the root group; the group goes once its last process has."""
        if self.group is None:
            return
        with contextlib.suppress(OSError):
            (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
            self.group.rmdir()
        self.group = None


def _own_group() -> Path | None:
    group = CPUACCT / f"cc-bench-{os.getpid()}"
    try:
        group.mkdir(exist_ok=True)
        (group / "cgroup.procs").write_text(str(os.getpid()))
        int((group / "cpuacct.usage").read_text())
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            group.rmdir()
        return None
    return group


class _WindowContext:
    def __init__(self, monitor: LoadMonitor) -> None:
        self.monitor = monitor
        self.result = Window()

    def __enter__(self) -> Window:
        self._t0 = time.monotonic()
        self._busy0 = _busy_seconds()
        self._ours0 = self.monitor._ours()
        return self.result

    def __exit__(self, *exc: object) -> None:
        seconds = max(time.monotonic() - self._t0, 1e-6)
        busy = _busy_seconds() - self._busy0
        ours = self.monitor._ours() - self._ours0
        self.result.seconds = seconds
        self.result.other_cores = max(0.0, (busy - ours) / seconds)


def describe() -> dict[str, str]:
    """The machine and the versions the figures were taken with."""
    from importlib.metadata import version

    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle
                        if line.startswith("model name")), "")
    except OSError:
        pass
    with open("/proc/meminfo") as handle:
        memory_kb = int(handle.readline().split()[1])
    return {
        "cpu": f"{os.cpu_count()} cores, {cpu}".strip(", "),
        "memory": f"{memory_kb / 1024 / 1024:.0f} GiB",
        "python": platform.python_version(),
        "reflex": version("reflex"),
        "granian": version("granian"),
        "sqlalchemy": version("sqlalchemy"),
        "os": platform.platform(),
    }
