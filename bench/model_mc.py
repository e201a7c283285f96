"""The overlap model's Monte Carlo on this machine: 2,000 seeded draws over the assumptions' ranges
(target <= 50 ms), measured in-process on the DB the bench builds, apart from the browser timings."""
from __future__ import annotations

import time
from pathlib import Path

from channel_conflict import db
from channel_conflict.model import load_inputs, run
from channel_conflict.model.uncertainty import DRAWS, SEED, _monte_carlo, monte_carlo

from .stats import summary

TARGET_MS = 50.0


def measure(path: Path, repeats: int) -> dict:
    """Wall time of the Monte Carlo at the default scenario (computed afresh each time, not the
    page's memo), `repeats` times after one warm-up."""
    con = db.open_readonly(path)
    try:
        inputs = load_inputs(lambda name: db.run(con, name))
    finally:
        con.close()
    scenario = run(inputs).scenario
    monte_carlo(inputs, scenario)  # warm-up: the assumption ranges are built once per inputs
    ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        _monte_carlo(inputs, scenario, DRAWS, SEED)
        ms.append((time.perf_counter() - t0) * 1000)
    return {"draws": DRAWS, "stats": summary(ms), "samples": [round(x, 1) for x in ms]}


def row(r: dict) -> dict | None:
    """The report row (see report.rows) for a measured result, or None."""
    mc = r.get("monte_carlo")
    if not mc:
        return None
    s = mc["stats"]
    return {"what": f"Overlap model Monte Carlo ({mc['draws']:,} draws, in-process)", "s": s,
            "target": f"<= {TARGET_MS:.0f}", "ok": s["median"] is not None and s["median"] <= TARGET_MS}
