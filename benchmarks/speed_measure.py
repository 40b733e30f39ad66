"""Timing helpers for the speed benchmark: wall and CPU time of calls and of whole processes.

CPU time is reported beside wall time because the benchmark is often run on a
shared machine, where wall time grows with the load and CPU time much less.
In-process calls are timed with ``time.perf_counter`` and
``time.process_time``; subprocesses with ``perf_counter`` and the change in
``resource.getrusage(RUSAGE_CHILDREN)`` (user + system) around each run.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Median and minimum wall time and median CPU time (seconds) of repeated runs.

    Attributes
    ----------
    wall : float
        Median wall time.
    wall_min : float
        Fastest run's wall time.
    cpu : float
        Median CPU time (user + system).
    runs : int
        Number of timed runs.
    walls, cpus : list of float
        Every run's times, in order.
    """

    wall: float
    wall_min: float
    cpu: float
    runs: int
    walls: list[float] = field(default_factory=list, repr=False)
    cpus: list[float] = field(default_factory=list, repr=False)

    @classmethod
    def of(cls, walls: Sequence[float], cpus: Sequence[float]) -> "Timing":
        """The summary of per-run wall and CPU times."""
        return cls(statistics.median(walls), min(walls), statistics.median(cpus), len(walls),
                   list(walls), list(cpus))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, per-run times included."""
        return asdict(self)


def measure(fn: Callable[..., object], repeat: int,
            setup: Callable[[], tuple[Any, ...]] | None = None) -> Timing:
    """Time ``fn(*setup())`` ``repeat`` times in this process; ``setup`` is not timed.

    Parameters
    ----------
    fn : callable
        The work to time.
    repeat : int
        Timed runs (the median is reported).
    setup : callable, optional
        Builds fresh arguments for each run (for objects that cache work on
        first use, such as prepared documents).

    Returns
    -------
    Timing
        Wall and CPU time; garbage is collected before each run and the
        collector stays on during it, as in real use.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        args = setup() if setup else ()
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn(*args)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return Timing.of(walls, cpus)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_command(cmd: Sequence[str], repeat: int, env: Mapping[str, str] | None = None,
                cwd: Path | None = None, ok: Sequence[int] = (0,),
                per_run: Callable[[int], Sequence[str]] | None = None) -> Timing:
    """Run a command ``repeat`` times after one untimed warm-up run; wall and CPU time of each.

    Parameters
    ----------
    cmd : sequence of str
        The command line.
    repeat : int
        Timed runs.
    env : mapping, optional
        Environment of the child.
    cwd : Path, optional
        Working folder of the child.
    ok : sequence of int
        Exit statuses that count as success.
    per_run : callable, optional
        Extra arguments for run ``i`` (``-1`` for the warm-up), appended to ``cmd``.

    Returns
    -------
    Timing
        CPU time is the child's user + system time.

    Raises
    ------
    RuntimeError
        When a run exits with a status not in ``ok``; the message is the last
        line the command printed.
    """
    walls, cpus = [], []
    for i in range(-1, repeat):
        full = [*cmd, *(per_run(i) if per_run else ())]
        c0, t0 = _children_cpu(), time.perf_counter()
        done = subprocess.run(full, env=None if env is None else dict(env), cwd=cwd,
                              capture_output=True, text=True, errors="replace")
        wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
        if done.returncode not in ok:
            tail = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise RuntimeError(f"exit status {done.returncode}: {tail[:200]}")
        if i >= 0:
            walls.append(wall)
            cpus.append(cpu)
    return Timing.of(walls, cpus)


def slope(x0: float, t0: float, x1: float, t1: float) -> float | None:
    """Growth exponent between two sizes: the slope of log time against log size."""
    if min(x0, t0, x1, t1) <= 0 or x0 == x1:
        return None
    return math.log(t1 / t0) / math.log(x1 / x0)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def machine(text_matcher: str | None) -> dict[str, Any]:
    """The machine and versions a run was taken on, with the load average at the start."""
    load = os.getloadavg()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "system": f"{platform.system()} {platform.release()}",
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": sys.version.split()[0],
        **{name: _version(name) for name in ("numpy", "rapidfuzz", "datasketch", "rensa")},
        "text-matcher": text_matcher or "absent",
    }


def text_matcher_version(exe: Path) -> str:
    """The text-matcher version installed beside ``exe`` (its own interpreter asked)."""
    python = exe.parent / "python"
    if not python.exists():
        return "unknown"
    code = "from importlib.metadata import version; print(version('text-matcher'))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"
