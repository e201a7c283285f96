"""Orchestration: `python -m bench [--quick] [--page overlap] [--control KEY] ...`."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PWTimeout
from playwright.sync_api import sync_playwright

from channel_conflict import db, queries
from channel_conflict.build import build
from channel_conflict.paths import CSV_DIR, ROOT
from channel_conflict.registry import PAGES

from . import browser as B
from . import model_mc, report, synth
from .server import Server
from .stats import ratio_interval, summary

RESULTS = ROOT / "bench" / "results"
FALLBACK_PAGES = ("capital", "market")  # tried in order when the target page has no control and chart yet
# A realistic value for each parameter name the named queries bind (as tests/test_queries.py).
SAMPLE_PARAMS = {"firm": "Synergy", "provider_id": "microsoft", "table_name": "contracts",
                 "start": "2024-01-01", "end": "2026-12-31", "as_of": "2026-06-30"}
SLOW_MS = 2000  # a query slower than this once is not repeated
CAP_S = 60  # a query still running after this is interrupted and reported as such
STEPS = ("queries", "model", "control", "pages", "concurrent", "startup")
LINK_QUERY = {"overlap": "rho=0.2&chart=Net+over+the+years"}  # a shared link: a moved control and a tab


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repeats: the run takes under 2 minutes")
    ap.add_argument("--page", default="overlap", help="url path of the page whose control is timed (default overlap)")
    ap.add_argument("--control", default=None,
                    help="widget key or label of the control to move (default: the page's first slider)")
    ap.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (default 20)")
    ap.add_argument("--duration", type=float, default=None, help="seconds of concurrent load (default 25, quick 10)")
    ap.add_argument("--factor", type=int, default=1000, help="size of the synthetic DB relative to the real one")
    ap.add_argument("--only", nargs="+", choices=STEPS, default=list(STEPS), help="run only these parts")
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    ap.add_argument("--readme", action="store_true", help="also write the table into README.md's Performance section")
    return ap.parse_args(argv)


def time_queries(path: Path, repeats: int) -> dict:
    con = db.open_readonly(path)
    out = {}
    try:
        for name in queries.names():
            params = {p: SAMPLE_PARAMS[p] for p in queries.parameters(name) if p in SAMPLE_PARAMS}
            if len(params) != len(queries.parameters(name)):
                out[name] = {"skipped": f"no sample value for {sorted(set(queries.parameters(name)) - set(params))}"}
                continue
            timer = threading.Timer(CAP_S, con.interrupt)
            timer.start()
            t = time.perf_counter()
            try:
                frame = db.run(con, name, params)  # warm-up, also the sample if the query is slow
            except db.DataError as exc:
                out[name] = {"stats": summary([CAP_S * 1000]), "rows": None,
                             "error": f"interrupted after {CAP_S} s" if "INTERRUPT" in str(exc).upper() else str(exc)}
                continue
            finally:
                timer.cancel()
            first = (time.perf_counter() - t) * 1000
            times = [first] if first > SLOW_MS else []
            for _ in range(0 if times else repeats):
                t = time.perf_counter()
                db.run(con, name, params)
                times.append((time.perf_counter() - t) * 1000)
            out[name] = {"stats": summary(times), "rows": len(frame)}
    finally:
        con.close()
    return out


def run_queries(real: Path, work: Path, factor: int, repeats: int, notes: list) -> dict:
    big = work / f"synthetic-{factor}x.duckdb"
    log(f"generating the {factor}x synthetic DB")
    gen = synth.generate(real, big, factor)
    log(f"  {sum(gen['rows'].values())} rows in {gen['seconds']} s; timing {len(queries.names())} queries")
    a, b = time_queries(real, repeats), time_queries(big, max(3, repeats // 6))
    by_name = {}
    for name in a:
        if "skipped" in a[name]:
            notes.append(f"query `{name}` not timed: {a[name]['skipped']}")
            continue
        by_name[name] = {"real": a[name]["stats"], "synth": b[name]["stats"], "rows_real": a[name]["rows"],
                         "rows_synth": b[name]["rows"], "error": b[name].get("error"),
                         "growth": round(b[name]["stats"]["median"] / max(a[name]["stats"]["median"], 1e-3), 1)}
    big.unlink(missing_ok=True)
    return {"factor": factor, "generate": gen, "by_name": by_name}


def resolve_target(page, base: str, want: str, control: str | None, notes: list) -> tuple[str, B.Control]:
    """Open the target page and find its control; fall back (with a note) when it has none yet."""
    tried = [want] + [p for p in FALLBACK_PAGES if p != want]
    for path in tried:
        try:
            B.open_url(page, f"{base}/{path}", charts=False)
            page.wait_for_selector(f"{B.MAIN} {B.CHART}", timeout=30000)
        except PWTimeout:
            notes.append(f"/{path} has no chart yet; not used for the control timing.")
            continue
        ctl = B.find_control(page, control if path == want else None)
        if ctl is None:
            notes.append(f"/{path} has no {'control ' + repr(control) if control and path == want else 'slider'} yet; "
                         "not used for the control timing.")
            continue
        if path != want:
            notes.append(f"Control timing falls back to /{path} ({ctl.description}) because /{want} has no "
                         "slider and chart yet: rerun `make bench` when it has.")
        return path, ctl
    raise RuntimeError(f"no page among {tried} has a control and a chart to time")


def measure_concurrent(pw_browser, server: Server, base: str, path: str, control: str | None, n: int,
                       seconds: float) -> dict:
    errors: list[str] = []
    rss = {"start": server.rss_mb()}
    pages, ctls = [], []
    # Sessions open one after another: the browser shares the server's two cores, and twenty
    # Streamlit front ends starting at once measure the browser's start-up, not the app.
    for i in range(n):
        pg = B.new_page(pw_browser)
        pg.on("pageerror", lambda e, i=i: errors.append(f"session {i} page error: {e}"))
        pages.append(pg)
        try:
            pg.goto(f"{base}/{path}", wait_until="commit", timeout=60000)
            pg.wait_for_selector(f"{B.MAIN} {B.CHART}", timeout=30000)
            pg.wait_for_selector(B.IDLE, timeout=30000)
            ctls.append(B.find_control(pg, control))
        except PWTimeout:
            errors.append(f"session {i} did not load in 30 s")
            ctls.append(None)
    rss["loaded"] = server.rss_mb()
    log(f"  {n} sessions loaded (server RSS {rss['loaded']} MB); moving controls for {seconds:.0f} s")
    lat: list[float] = []
    armed = [0.0] * n
    series = []
    end = time.monotonic() + seconds
    next_sample = time.monotonic()
    while time.monotonic() < end:
        for i, (pg, ctl) in enumerate(zip(pages, ctls, strict=True)):
            if ctl is None:
                continue
            if armed[i]:
                done = pg.evaluate("window.__bench.done")
                if done is None:
                    if time.monotonic() - armed[i] > 10:
                        errors.append(f"session {i}: no repaint within 10 s")
                        armed[i] = 0.0
                    continue
                lat.append(float(done))
            try:
                pg.evaluate("window.__bench.armChange()")
                ctl.act(pg)
                armed[i] = time.monotonic()
            except Exception as exc:  # noqa: BLE001 - count it, keep the load going
                errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                armed[i] = 0.0
        if time.monotonic() >= next_sample:
            series.append(server.rss_mb())
            next_sample += 1.0
    # Let the last moves finish, then count what the pages show.
    for i, pg in enumerate(pages):
        if armed[i] and ctls[i] is not None:
            try:
                lat.append(B.wait_done(pg, 10000))
            except PWTimeout:
                errors.append(f"session {i}: no repaint within 10 s")
        shown = pg.locator('[data-testid="stException"]').count()
        if shown:
            errors.append(f"session {i}: {shown} exception(s) shown")
        if pg.get_by_text("Connection error").count():
            errors.append(f"session {i}: connection error")
    rss["end"] = server.rss_mb()
    for pg in pages:
        pg.context.close()
    time.sleep(2)
    rss["closed"] = server.rss_mb()
    flat = rss["end"] is not None and rss["loaded"] is not None and rss["end"] <= rss["loaded"] * 1.10
    kinds = sorted({e.split(": ", 1)[-1][:80] for e in errors})
    return {"sessions": n, "seconds": seconds, "stats": summary(lat), "errors": len(errors), "error_kinds": kinds,
            "rss_mb": rss, "rss_series_mb": series, "memory_flat": flat, "path": path}


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    q = args.quick
    reps = {"control": 12 if q else 40, "pages": 2 if q else 5, "startup": 1 if q else 3, "queries": 10 if q else 30,
            "links": 3 if q else 8}
    duration = args.duration or (10 if q else 25)
    started = time.perf_counter()
    notes: list[str] = []
    result: dict = {"notes": notes}
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    real = work / "market.duckdb"
    log(f"building a fresh DB at {real}")
    build(CSV_DIR, real)

    if "queries" in args.only:
        result["queries"] = run_queries(real, work, args.factor, reps["queries"], notes)
    if "model" in args.only:
        log("timing the overlap model's Monte Carlo")
        result["monte_carlo"] = model_mc.measure(real, reps["queries"])

    with sync_playwright() as pw:
        browser = B.launch(pw)
        need_server = {"control", "pages", "concurrent"} & set(args.only)
        server = bare = None
        target_path, control_desc = args.page, None
        try:
            if need_server:
                server = Server("dashboard.py", real, RESULTS)
                bare = Server(str(Path("bench") / "bare_app.py"), real, RESULTS) if "control" in args.only else None
                server.wait_ready()
                page = B.new_page(browser)
                target_path, ctl = resolve_target(page, server.url, args.page, args.control, notes)
                control_desc = ctl.description
                if "control" in args.only:
                    bare.wait_ready()
                    bpage = B.new_page(browser)
                    B.open_url(bpage, bare.url + "/")
                    bctl = B.find_control(bpage, None)
                    log(f"timing {ctl.description} on /{target_path} and the bare page's slider, "
                        f"turn about ({reps['control']} moves each)")
                    _, offset = server.timing_lines()
                    ms, bms = B.measure_controls_turn_about([(page, ctl), (bpage, bctl)], reps["control"])
                    runs, _ = server.timing_lines(offset)
                    server_ms = [r["ms"] for r in runs if r["fragment"]] or [r["ms"] for r in runs]
                    result["slider"] = {"page": f"/{target_path}", "control": ctl.description, "stats": summary(ms),
                                        "samples": [round(x, 1) for x in ms], "server": summary(server_ms),
                                        "server_scope": "fragment" if any(r["fragment"] for r in runs) else "page"}
                    result["bare"] = {"stats": summary(bms), "samples": [round(x, 1) for x in bms]}
                    result["ratio"] = round(result["slider"]["stats"]["median"] / result["bare"]["stats"]["median"], 2)
                    result["ratio_interval"] = ratio_interval(ms, bms)
                    # A shared link opened in a new tab, ours and the bare page's, turn about (same noise).
                    link = f"{server.url}/{target_path}?{LINK_QUERY.get(target_path, '')}".rstrip("?")
                    log(f"timing a link opened in a new tab ({reps['links']} each): {link}")
                    ours, floor = [], []
                    for _ in range(reps["links"]):
                        ours.append(B.measure_link_open(page.context, link))
                        floor.append(B.measure_link_open(bpage.context, bare.url + "/"))
                    result["link"] = {"url": link.replace(server.url, ""), "stats": summary(ours),
                                      "bare": summary(floor), "samples": [round(x) for x in ours],
                                      "interval": ratio_interval(ours, floor)}
                    bpage.context.close()
                    bare.stop()
                    bare = None
                if "pages" in args.only:
                    facts = []
                    for p in PAGES:  # a warm load of each page: the title and charts a switch must paint
                        B.open_url(page, f"{server.url}/{p.url_path}", charts=False)
                        time.sleep(0.3)
                        f = B.page_facts(page)
                        facts.append({"url_path": p.url_path, "title": f["title"], "charts": f["charts"]})
                    B.open_url(page, f"{server.url}/{PAGES[-1].url_path}", charts=False)
                    log(f"timing page switches ({reps['pages']} rounds of {len(facts)} pages)")
                    ms = B.measure_page_switches(page, facts, reps["pages"])
                    result["page_switch"] = {
                        f["url_path"] or "": {"stats": summary(ms[f["url_path"]]), "charts": f["charts"],
                                              "note": "" if f["charts"] else "no chart on this page yet: title painted"}
                        for f in facts}
                page.context.close()
                if "concurrent" in args.only:
                    log(f"{args.sessions} concurrent sessions on /{target_path}")
                    result["concurrent"] = measure_concurrent(browser, server, server.url, target_path,
                                                              args.control if target_path == args.page else None,
                                                              args.sessions, duration)
                server.stop()
                server = None
            if "startup" in args.only:
                def cold_start(app: str, path: str) -> tuple[float, float]:
                    """(health, first chart painted) in ms after `streamlit run`, in a fresh browser context."""
                    page = B.new_page(browser)
                    s = Server(app, real, RESULTS)
                    try:
                        ready = s.wait_ready() * 1000
                        page.goto(f"{s.url}/{path}")
                        page.wait_for_selector(f"{B.MAIN} {B.CHART}", timeout=60000)
                        return ready, (time.perf_counter() - s.started) * 1000
                    finally:
                        s.stop()
                        page.context.close()

                times, health, bare_times = [], [], []
                for i in range(reps["startup"]):
                    log(f"timing `streamlit run` start to first chart on /{target_path} ({i + 1}/{reps['startup']})")
                    ready, first = cold_start("dashboard.py", target_path)
                    health.append(ready)
                    times.append(first)
                    # The same on the bare one-chart page: the floor set by Streamlit and the browser here.
                    bare_times.append(cold_start(str(Path("bench") / "bare_app.py"), "")[1])
                result["startup"] = {"page": target_path, "stats": summary(times), "health": summary(health),
                                     "bare": summary(bare_times)}
        finally:
            for s in (server, bare):
                if s is not None:
                    s.stop()
            browser.close()

    result["meta"] = {"when": dt.datetime.now().isoformat(timespec="seconds"), "commit": git_commit(),
                      "cpus": os.cpu_count(), "quick": q, "seconds": round(time.perf_counter() - started, 1),
                      "target_page": args.page, "measured_page": target_path, "control": control_desc,
                      "python": sys.version.split()[0]}
    report.write_json(result, args.out)
    print()
    print(report.table(result))
    for n in notes:
        print(f"note: {n}")
    md = report.markdown(result)
    (args.out.with_suffix(".md")).write_text(md + "\n")
    if args.readme and not report.update_readme(ROOT / "README.md", md):
        print("README.md has no bench markers; table not written there", file=sys.stderr)
    print(f"\nwrote {args.out} and {args.out.with_suffix('.md')} in {result['meta']['seconds']:.0f} s")
    return 0
