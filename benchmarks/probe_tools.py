"""Measuring the GUI thread from inside the app process (Linux /proc): RSS, scheduler time,
CPU time per thread, a watchdog that says what each thread ran while the GUI was late; and
the figures made from the samples (speed between two env steps, RSS growth, medians).

Used by ``benchmarks/gui_responsiveness.py``; none of it changes what it measures (the
10 ms probe reads its scheduler file with one ``pread``).
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path


def rss_mb() -> float:
    """Resident set size of this process in MiB (Linux /proc; NaN elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


_SCHEDSTAT_FDS: dict[int, int] = {}


def schedstat_ns() -> tuple[int, int]:
    """(ns on a CPU, ns runnable but waiting for a CPU) of the calling thread (Linux).

    The probe calls this every 10 ms on the GUI thread, so the file stays open and is read
    with one ``pread`` (the probe's own cost must not count against the app).
    """
    tid = threading.get_native_id()
    try:
        fd = _SCHEDSTAT_FDS.get(tid)
        if fd is None:
            fd = _SCHEDSTAT_FDS[tid] = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
        run, wait = os.pread(fd, 128, 0).split()[:2]
        return int(run), int(wait)
    except (OSError, ValueError):
        return 0, 0


def split_gap(wall_ms: float, run_ms: float, wait_ms: float) -> str:
    """Why a long probe gap happened: 'os' when the GUI thread was runnable but had no CPU
    for most of it (machine load), 'busy' when it computed most of it, else 'blocked'
    (sleeping while it had work: waiting for the GIL or another thread)."""
    if wait_ms >= 0.5 * wall_ms:
        return "os"
    return "busy" if run_ms >= 0.5 * wall_ms else "blocked"


def watch_for_stalls(probe, late_s: float = 0.045) -> list[dict]:
    """Start a daemon thread that, whenever the probe is ``late_s`` late, records what every
    thread was running (the innermost frames). It needs the GIL itself, so a stall held in
    C code is caught as it ends; a stall in Python, while it lasts. A hint for whoever
    chases a gap, not a measurement: it costs a wake-up every 5 ms."""
    records: list[dict] = []

    def short(frame) -> str:
        stack = traceback.extract_stack(frame)[-6:]
        return " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))

    def loop() -> None:
        caught, samples = None, 0
        while not probe.done:
            time.sleep(0.005)
            last = probe.last_wall
            if last is None or time.perf_counter() - last < late_s:
                continue
            samples = samples + 1 if caught == last else 0
            if samples % 4 or samples > 40:  # every ~20 ms of a stall, 10 at most
                continue
            caught = last
            names = {t.ident: t.name for t in threading.enumerate()}
            records.append(
                dict(
                    phase=probe.phase,
                    late_ms=round((time.perf_counter() - last) * 1000),
                    threads={
                        names.get(ident, str(ident)): short(frame)
                        for ident, frame in sys._current_frames().items()
                        if ident != threading.get_ident()
                    },
                )
            )

    threading.Thread(target=loop, name="stall-watchdog", daemon=True).start()
    return records


def thread_cpu_s() -> dict[str, float]:
    """CPU seconds (user + system) of this process's threads by name (Linux /proc)."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    main = str(os.getpid())
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            name = (
                "gui (main)"
                if tid == main
                else Path(f"/proc/self/task/{tid}/comm").read_text().strip()
            )
            fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def crossing_time(marks: list[tuple[float, int]], steps: int) -> float | None:
    """Worker time at which ``steps`` env steps were reached (linear interpolation)."""
    for (t0, s0), (t1, s1) in zip(marks, marks[1:]):
        if s0 <= steps <= s1 and s1 > s0:
            return t0 + (t1 - t0) * (steps - s0) / (s1 - s0)
    return None


def speed(marks: list[tuple[float, int]], start: int, count: int) -> float | None:
    a, b = crossing_time(marks, start), crossing_time(marks, start + count)
    return count / (b - a) if a is not None and b is not None and b > a else None


# -- children ---------------------------------------------------------------------------------


def summarize_rss(samples: list) -> dict:
    if len(samples) < 3:
        return {}
    start = samples[min(5, len(samples) - 1)]  # after ~5 s: allocations have settled
    last = samples[-1]
    minutes = (last[0] - start[0]) / 60
    after = samples[min(5, len(samples) - 1) :]
    quarters = [after[round(i * (len(after) - 1) / 4)] for i in range(5)]
    return dict(
        rss_start_mb=round(start[1], 1),
        rss_end_mb=round(last[1], 1),
        rss_by_quarter_mb=[round(v, 1) for _, v in quarters],
        rss_growth_mb_per_min=round((last[1] - start[1]) / minutes, 2) if minutes > 0 else None,
        rss_span_s=round(last[0] - start[0], 1),
    )


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None
