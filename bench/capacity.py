"""`python -m bench.capacity`: what one replica costs, for the capacity plan in the README.

One `streamlit run` (as `make run` starts it) on a freshly built DB; readers speak Streamlit's
websocket protocol (bench/ws.py), so no browser shares the cores. Measured from /proc: the
server's CPU time (user + system) and resident memory.

1. idle: N readers open /overlap one after another and stay connected: CPU per page open,
   memory per open session, CPU per idle session over a quiet spell;
2. active: C readers (C = 1, 2, 4, ...) move sliders to new values as fast as the server answers
   (closed loop, no think time): moves per second, latency p50/p95 (send to end of the rerun),
   server CPU per move and cores busy;
3. all readers close: does memory come back.

CPU time per move is the figure that travels: other programs on the machine stretch the wall-clock
latency, much less the CPU a move takes. The machine's load is recorded beside the figures.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path

from channel_conflict import serve
from channel_conflict.build import build
from channel_conflict.paths import CSV_DIR, ROOT

from .server import Server, rss_mb
from .stats import percentile
from .ws import Reader

RESULTS = ROOT / "bench" / "results"
TICK = os.sysconf("SC_CLK_TCK")
TARGET_P95_MS = 200  # server share of a repaint (send to end of run); the README's control target


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


class Meter:
    """CPU of the server, of this driver and of the whole machine over a span."""

    def __init__(self, pid: int):
        self.pid = pid
        self.t0, self.c0, self.m0, self.me0 = time.perf_counter(), cpu_s(pid), machine_busy(), time.process_time()

    def read(self) -> dict:
        wall = time.perf_counter() - self.t0
        server = cpu_s(self.pid) - self.c0
        busy, total = machine_busy()
        machine = (busy - self.m0[0]) / TICK
        driver = time.process_time() - self.me0
        return {"wall_s": round(wall, 2), "server_cpu_s": round(server, 3), "server_cores": round(server / wall, 2),
                "driver_cpu_s": round(driver, 2),
                "others_cores": round(max(0.0, machine - server - driver) / wall, 2),
                "loadavg": os.getloadavg()[0]}


def reference_cpu_ms(repeats: int = 3) -> float:
    """CPU time of a fixed pure-Python loop (median of a few): the yardstick a move is divided by,
    so a figure taken on a busy machine can be compared with one taken on a quiet one."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        sum(i * i % 7 for i in range(1_000_000))
        times.append((time.process_time() - t0) * 1000)
    return round(sorted(times)[len(times) // 2], 1)


def new_value(rng: random.Random, low: float, high: float, step: float) -> float:
    n = int(round((high - low) / step))
    return round(low + step * rng.randint(0, n), 6)


async def active_level(readers: list[Reader], pid: int, duration: float, rng: random.Random,
                       cached: bool = False) -> dict:
    """Each reader moves rho and delta to new values back to back for `duration` seconds (or, when
    `cached`, rho between two values already seen, which the app's figure cache serves)."""
    lat: list[float] = []
    errors = 0
    stop = time.monotonic() + duration

    async def loop(r: Reader) -> None:
        nonlocal errors
        keys = ["rho", "delta"]
        while time.monotonic() < stop:
            key = "rho" if cached else keys[len(lat) % 2]
            s = r.sliders[key]
            value = (0.2, 0.3)[len(lat) % 2] if cached else new_value(rng, s.low, s.high, s.step)
            try:
                lat.append(await r.move(key, value) * 1000)
            except Exception:  # noqa: BLE001 - a failed move is counted, the run goes on
                errors += 1
        errors += len(r.errors)

    m = Meter(pid)
    await asyncio.gather(*(loop(r) for r in readers))
    out = m.read()
    moves = len(lat)
    out.update({"readers": len(readers), "moves": moves, "errors": errors,
                "moves_per_s": round(moves / out["wall_s"], 2),
                "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
                "server_cpu_ms_per_move": round(out["server_cpu_s"] * 1000 / max(moves, 1), 1)})
    return out


async def measure(url: str, pid: int, idle_n: int, levels: list[int], duration: float, quiet: float) -> dict:
    rng = random.Random(15)
    res: dict = {"reference_cpu_ms_before": reference_cpu_ms()}
    warm = Reader(url)
    await warm.open()
    for v in (0.2, 0.3):
        await warm.move("rho", v)
    await warm.close()
    await asyncio.sleep(2)
    res["base_rss_mb"] = rss_mb(pid)

    # 1. idle readers
    m = Meter(pid)
    readers: list[Reader] = []
    opens = []
    for _ in range(idle_n):
        r = Reader(url)
        opens.append(await r.open() * 1000)
        readers.append(r)
    o = m.read()
    res["open"] = {**o, "sessions": idle_n, "server_cpu_ms_per_open": round(o["server_cpu_s"] * 1000 / idle_n, 1),
                   "p50_ms": round(percentile(opens, 50), 1), "p95_ms": round(percentile(opens, 95), 1),
                   "kb_sent_per_open": round(sum(r.received for r in readers) / idle_n / 1024, 1)}
    await asyncio.sleep(2)
    res["idle_rss_mb"] = rss_mb(pid)
    m = Meter(pid)
    await asyncio.sleep(quiet)
    q = m.read()
    res["idle"] = {**q, "sessions": idle_n,
                   "server_cpu_ms_per_session_per_min": round(q["server_cpu_s"] * 1000 / idle_n / q["wall_s"] * 60, 2)}

    # 2. active readers (the first C of the open ones), more at each level
    res["active"] = []
    for c in levels:
        before = [r.received for r in readers[:c]]
        level = await active_level(readers[:c], pid, duration, rng)
        level["kb_sent_per_move"] = round(sum(r.received - b for r, b in zip(readers[:c], before, strict=True))
                                          / max(level["moves"], 1) / 1024, 1)
        res["active"].append(level)
        print(json.dumps(level), flush=True)
    res["cached"] = await active_level(readers[:1], pid, duration, rng, cached=True)
    print(json.dumps(res["cached"]), flush=True)
    # every open session has now been active (the rest move once), then memory is read
    for r in readers[max(levels):]:
        await r.move("rho", new_value(rng, 0, 1, 0.01))
    await asyncio.sleep(2)
    res["active_rss_mb"] = rss_mb(pid)

    # 3. close all
    for r in readers:
        await r.close()
    await asyncio.sleep(5)
    res["closed_rss_mb"] = rss_mb(pid)
    res["reference_cpu_ms_after"] = reference_cpu_ms()
    ref = (res["reference_cpu_ms_before"] + res["reference_cpu_ms_after"]) / 2
    for lv in [*res["active"], res["cached"]]:
        lv["move_in_reference_loops"] = round(lv["server_cpu_ms_per_move"] / ref, 2)
    res["open"]["open_in_reference_loops"] = round(res["open"]["server_cpu_ms_per_open"] / ref, 2)
    return res


def plan(res: dict, move_every_s: float, active_share: float, readers: tuple[int, ...], arrive_over_s: float = 600,
         util: float = 0.7, replica_mb: float = 1024) -> dict:
    """Replicas for a number of concurrent readers, from the measured CPU per move and per page open
    and memory per session.

    One replica = one Streamlit process = at most about one core for script runs (Python's GIL), run
    at `util` of that core: a queue at 100 % grows without bound. Readers: `active_share` of them move
    a slider every `move_every_s` seconds, the rest read; all of them arrive within `arrive_over_s`
    (each arrival is a page open). Memory: a replica of `replica_mb` (the Deployment's limit).
    """
    n = res["open"]["sessions"]
    idle_mb = (res["idle_rss_mb"] - res["base_rss_mb"]) / n
    active_mb = (res["active_rss_mb"] - res["base_rss_mb"]) / n
    ok = [lv for lv in res["active"] if lv["p95_ms"] <= TARGET_P95_MS and not lv["errors"]]
    cpu_move = min(lv["server_cpu_ms_per_move"] for lv in res["active"]) / 1000
    cpu_open = res["open"]["server_cpu_ms_per_open"] / 1000
    out = {"idle_mb_per_session": round(idle_mb, 2), "active_mb_per_session": round(active_mb, 2),
           "cpu_ms_per_move": round(cpu_move * 1000, 1), "cpu_ms_per_open": round(cpu_open * 1000, 1),
           "moves_per_s_per_core": round(util / cpu_move, 2),
           "active_sessions_per_core": round(util / cpu_move * move_every_s, 1),
           # a move's own CPU time is the floor of its latency: above the target, no replica count meets it
           "move_cpu_within_target": cpu_move * 1000 <= TARGET_P95_MS,
           "measured_moves_per_s_at_target": max((lv["moves_per_s"] for lv in ok), default=None),
           "move_every_s": move_every_s, "active_share": active_share, "arrive_over_s": arrive_over_s,
           "util": util, "replicas": {}}
    for total in readers:
        active = total * active_share
        cores = (active / move_every_s * cpu_move + total / arrive_over_s * cpu_open) / util
        by_mem = (active * active_mb + (total - active) * idle_mb) / (replica_mb - res["base_rss_mb"])
        out["replicas"][total] = {"cores_busy": round(cores * util, 1), "by_cpu": round(cores, 1),
                                  "by_memory": round(by_mem, 1), "replicas": int(max(2, -(-max(cores, by_mem) // 1)))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    ap.add_argument("--idle", type=int, default=100, help="readers kept open (default 100)")
    ap.add_argument("--levels", default="1,2,4,8", help="concurrent active readers per step (default 1,2,4,8)")
    ap.add_argument("--duration", type=float, default=15, help="seconds per active step (default 15)")
    ap.add_argument("--quiet", type=float, default=20, help="seconds of the idle spell (default 20)")
    ap.add_argument("--move-every", type=float, default=5, help="an active reader's seconds between moves (plan)")
    ap.add_argument("--active-share", type=float, default=0.1, help="share of readers moving sliders (plan)")
    ap.add_argument("--arrive-over", type=float, default=600, help="seconds over which the readers arrive (plan)")
    a = ap.parse_args(argv)
    levels = [int(x) for x in a.levels.split(",")]
    if a.idle < max(levels):
        ap.error("--idle must be at least the largest level")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "market.duckdb"
        build(CSV_DIR, db)
        with Server("dashboard.py", db, RESULTS / "capacity") as server:
            server.wait_ready()
            # The warm-up runs each page once the server is quiet: done before the readers come, it does
            # not land in the idle spell's CPU (run 5 first measured 51 ms/min per idle session so).
            server.wait_for_log(serve.WARMED, timeout=120)
            res = asyncio.run(measure(server.url, server.proc.pid, a.idle, levels, a.duration, a.quiet))
    res["plan"] = plan(res, a.move_every, a.active_share, (1000, 10000), a.arrive_over)
    res["cores"] = os.cpu_count()
    res["at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    (RESULTS / "capacity.json").write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
