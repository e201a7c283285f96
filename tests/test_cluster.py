"""`make cluster`: two replicas behind nginx with a shared PostgreSQL store, driven through the
proxy in Debian's Chromium (one cluster for the module), plus the deployment files' syntax."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from channel_conflict.deploy import cluster as C
from channel_conflict.paths import ROOT

from .browser_helpers import assert_no_exception, chart_titles, wait_charts, wait_idle

SLOW = 30000
DEPLOY_DOCS = ROOT / "docs" / "deploy"


def need_tools() -> None:
    missing = [name for name, ok in (("nginx", C.nginx_bin()), ("postgresql", C.pg_bindir())) if not ok]
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {', '.join(missing)} missing: apt-get install -y {' '.join(missing)}")
        pytest.skip(f"{', '.join(missing)} not installed (make cluster-tools installs them as root)")


def test_generated_nginx_conf_passes_nginx_t(tmp_path):
    need_tools()
    conf = tmp_path / "nginx.conf"
    conf.write_text(C.render_nginx(C.free_port(), [C.free_port(), C.free_port(), C.free_port()], tmp_path))
    C.check_nginx_conf(conf, tmp_path)
    text = conf.read_text()
    assert "@" not in re.sub(r"#.*", "", text), "every placeholder filled"
    assert text.count("max_fails=1") == 3 and "hash $route consistent" in text
    bad = tmp_path / "bad.conf"
    bad.write_text(text.replace("hash $route consistent;", "hash;"))
    with pytest.raises(C.ClusterError, match="nginx -t"):
        C.check_nginx_conf(bad, tmp_path)


def test_a_process_just_started_is_not_taken_for_exited():
    """A CI run failed with "nginx exited while starting" and empty logs: its command line, read
    straight after Popen, can be empty while exec completes. `exited` asks waitpid instead."""
    import os
    import subprocess

    marker = "--cc-test-marker"
    for _ in range(50):
        p = subprocess.Popen(["sh", "-c", "sleep 30", marker], start_new_session=True)
        try:
            assert not C.exited(p.pid, marker)
        finally:
            p.terminate()
        # Block until the child has ended, leaving it unreaped (WNOWAIT): `exited` must then say so.
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
        assert C.exited(p.pid, marker)  # ended, and reaped by `exited` itself
        assert not C.alive(p.pid, marker)


def test_nginx_losing_its_port_says_so_with_its_own_log(tmp_path):
    """The CI-run failure that led here said only "exited while starting"; the error now carries
    nginx's words, and a port taken after our check is PortTaken (the test fixture retries it)."""
    need_tools()
    import socket
    import time

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        c = C.Cluster(port=port, replicas=1, state=tmp_path)
        conf = tmp_path / "nginx.conf"
        conf.write_text(C.render_nginx(port, [C.free_port()], tmp_path))
        proc = c._start_nginx(C.nginx_bin(), conf)
        try:
            with pytest.raises(C.PortTaken, match="Address already in use") as err:
                c._wait(c.url, proc, time.monotonic() + 30, "nginx-error.log")
        finally:
            C.stop_pid(proc["pid"], proc["marker"])
    assert str(tmp_path / "nginx-error.log") in str(err.value)


def test_deployment_files_parse(tmp_path):
    import yaml

    files = sorted(DEPLOY_DOCS.rglob("*.yaml"))
    assert {f.name for f in files} >= {"compose.yaml", "deployment.yaml", "service.yaml", "hpa.yaml"}
    kinds = set()
    for f in files:
        docs = [d for d in yaml.safe_load_all(f.read_text(encoding="utf-8")) if d]
        assert docs, f
        kinds |= {d.get("kind") for d in docs}
    assert {"Deployment", "Service", "HorizontalPodAutoscaler"} <= kinds
    compose = yaml.safe_load((DEPLOY_DOCS / "compose.yaml").read_text(encoding="utf-8"))
    assert {"app", "nginx", "postgres"} <= set(compose["services"])
    dockerfile = (DEPLOY_DOCS / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M) and "HEALTHCHECK" in dockerfile
    assert "channel_conflict.build" in dockerfile
    # everything the app reads at run time is copied into the image
    copied = re.findall(r"^COPY (.+?)\s", dockerfile, re.M) + re.findall(r"^COPY \S+ (\S+) \./", dockerfile, re.M)
    for needed in ("dashboard.py", "pages/", "queries/", "channel_conflict/", "data/csv/", ".streamlit/",
                   "docs/model.md"):
        assert needed in copied, needed
    nginx = DEPLOY_DOCS / "nginx.conf"
    if C.nginx_bin():  # the compose file's nginx.conf: checked with its upstream names resolvable here
        work = tmp_path
        (work / "logs").mkdir()
        conf = work / "nginx.conf"
        conf.write_text(nginx.read_text().replace("server app:8501", "server 127.0.0.1:8501")
                        .replace("/var/run/nginx.pid", str(work / "nginx.pid")))
        C.check_nginx_conf(conf, work)


# --- one cluster for the browser tests ---------------------------------------------------------
@pytest.fixture(scope="module")
def cluster(built_db):
    need_tools()
    # A port found free can be bound by another process before nginx binds it (a CI run lost one
    # that way): start again on another port, at most three times.
    for attempt in range(3):
        # Not under pytest's own tmp folder: that is private to root, and Postgres runs as `postgres`.
        state = Path(tempfile.mkdtemp(prefix="cc-cluster-test-"))
        c = C.Cluster(port=C.free_port(), replicas=2, state=state, db=built_db)
        try:
            c.start()
            break
        except C.PortTaken:
            shutil.rmtree(state, ignore_errors=True)
            if attempt == 2:
                raise
    try:
        yield c
    finally:
        c.stop()
        shutil.rmtree(state, ignore_errors=True)


def served_by(url: str, cookie: str) -> str:
    req = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"{C.COOKIE}={cookie}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.headers["X-Replica"]


@pytest.fixture(scope="module")
def cookies(cluster) -> dict[str, str]:
    """A routing cookie that lands on each replica (the hash is nginx's, so probe for one)."""
    out: dict[str, str] = {}
    for i in range(200):
        out.setdefault(served_by(cluster.url, f"probe-{i}"), f"probe-{i}")
        if len(out) == cluster.replicas:
            return out
    raise AssertionError(f"200 cookies all landed on {list(out)}")


def session_on(browser: Browser, cluster, cookie: str) -> Page:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_cookies([{"name": C.COOKIE, "value": cookie, "url": cluster.url}])
    return ctx.new_page()


def open_through_proxy(page: Page, url: str) -> str:
    response = page.goto(url)
    wait_idle(page, SLOW)
    wait_charts(page, SLOW)
    assert_no_exception(page)
    return response.headers["x-replica"]


def replica_addr(cluster, n: int) -> str:
    return next(f"127.0.0.1:{r['port']}" for r in cluster.load()["replicas"] if r["n"] == n)


def test_paint_repaint_and_a_scenario_saved_on_one_replica_opens_on_the_other(browser, cluster, cookies):
    one = session_on(browser, cluster, cookies[replica_addr(cluster, 1)])
    assert open_through_proxy(one, cluster.url + "/overlap") == replica_addr(cluster, 1)
    one.get_by_role("slider", name=re.compile("Resale share")).focus()
    for _ in range(10):
        one.keyboard.press("ArrowRight")
    expect(one.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("resale 20%", timeout=SLOW)

    name = f"Cluster check {os.getpid()}"
    box = one.get_by_role("textbox", name="Scenario name")
    box.fill(name)
    box.press("Enter")
    wait_idle(one, SLOW)
    one.get_by_role("button", name=re.compile("Save scenario")).click()
    expect(one).to_have_url(re.compile(r"[?&]scenario=[a-z0-9]"), timeout=SLOW)
    link = one.url
    one.context.close()
    # saved in PostgreSQL, not in the replica's own folder
    assert not any((cluster.state / "replica-1" / "scenarios").iterdir())

    two = session_on(browser, cluster, cookies[replica_addr(cluster, 2)])
    assert open_through_proxy(two, link) == replica_addr(cluster, 2)
    expect(two.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text(name, timeout=SLOW)
    assert "resale 20%" in chart_titles(two)[0]
    two.context.close()


def test_killing_a_replica_leaves_the_other_serving_new_sessions(browser, cluster, cookies):
    cluster.kill_replica(1)
    assert not C.health(f"http://{replica_addr(cluster, 1)}")
    # a new reader whose cookie hashes to the dead replica: X-Replica lists every replica nginx
    # tried, the dead one (refused), then the live one
    page = session_on(browser, cluster, cookies[replica_addr(cluster, 1)])
    assert open_through_proxy(page, cluster.url + "/overlap").split(", ")[-1] == replica_addr(cluster, 2)
    page.context.close()
    # and new readers with no cookie yet, all on the live one (nginx retries the dead one after fail_timeout)
    for _ in range(4):
        with urllib.request.urlopen(cluster.url + "/overlap", timeout=10) as r:
            assert r.status == 200 and r.headers["X-Replica"].split(", ")[-1] == replica_addr(cluster, 2)


def test_stop_stops_exactly_what_it_started(cluster):
    info = cluster.load()
    procs = [(r["pid"], r["marker"]) for r in info["replicas"]] + [(info["nginx"]["pid"], info["nginx"]["marker"])]
    pg_pid = cluster._pg_pid(info["postgres"])
    assert pg_pid
    cluster.stop()
    assert not any(C.alive(pid, marker) for pid, marker in procs)
    assert not C.alive(pg_pid, "postgres")
    assert not C.health(cluster.url) and cluster.running() == []


# --- the capacity plan's load driver and arithmetic (bench/ws.py, bench/capacity.py) -------------
def test_protocol_reader_opens_the_page_and_a_move_reruns_it(app_server):
    import asyncio
    import concurrent.futures

    from bench.ws import Reader

    async def go() -> tuple[Reader, float]:
        r = Reader(app_server.url)
        await r.open()
        opened = r.received
        assert {"rho", "delta"} <= set(r.sliders) and not r.fragment_run
        assert "resale 10%" in r.last_chart
        took = await r.move("rho", 0.37)
        assert r.received > opened and r.fragment_run, "a move reruns the chart's fragments, not the page"
        await r.close()
        return r, took

    # in a thread of its own: Playwright's sync API keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        r, took = pool.submit(asyncio.run, go()).result(timeout=120)
    assert "resale 37%" in r.last_chart and not r.errors and took > 0


def test_capacity_plan_from_cpu_per_move_and_open_and_memory_per_session():
    from bench.capacity import plan

    level = {"p95_ms": 150, "errors": 0, "moves_per_s": 4.0, "server_cpu_ms_per_move": 200.0}
    res = {"open": {"sessions": 100, "server_cpu_ms_per_open": 300.0}, "base_rss_mb": 224.0, "idle_rss_mb": 234.0,
           "active_rss_mb": 244.0, "active": [level, {**level, "server_cpu_ms_per_move": 250.0}]}
    p = plan(res, move_every_s=5, active_share=0.1, readers=(1000, 10000), arrive_over_s=600)
    # 0.7 core / 0.2 s per move = 3.5 moves/s per core -> 17.5 readers moving every 5 s
    assert p["moves_per_s_per_core"] == 3.5 and p["active_sessions_per_core"] == 17.5
    # 1,000 readers: 100 moving = 20 moves/s x 0.2 s = 4 cores, plus 1000/600 opens/s x 0.3 s = 0.5 core
    assert p["replicas"][1000]["cores_busy"] == 4.5 and p["replicas"][1000]["replicas"] == 7  # 4.5 / 0.7 = 6.4
    assert p["replicas"][10000]["replicas"] == 65
    assert p["idle_mb_per_session"] == 0.1 and p["active_mb_per_session"] == 0.2
    assert p["move_cpu_within_target"] and p["measured_moves_per_s_at_target"] == 4.0
    # memory binds when sessions are heavy: 10 MB per session, 800 MB per replica -> 10,000 / 80
    heavy = plan({**res, "idle_rss_mb": 1224.0, "active_rss_mb": 1224.0}, 5, 0.1, (10000,))
    assert heavy["replicas"][10000]["by_memory"] == 125 and heavy["replicas"][10000]["replicas"] == 125
    slow = plan({**res, "active": [{**level, "p95_ms": 900, "server_cpu_ms_per_move": 400.0}]}, 5, 0.1, (1000,))
    assert slow["measured_moves_per_s_at_target"] is None and not slow["move_cpu_within_target"]


def test_stop_leaves_a_process_that_reused_a_recorded_pid_alone(tmp_path):
    """cluster.json names pids; one now running something else (a pid reused) is not stopped."""
    import json
    import subprocess

    decoy = subprocess.Popen(["sleep", "60"])
    try:
        c = C.Cluster(port=C.free_port(), replicas=1, state=tmp_path)
        (tmp_path / "cluster.json").write_text(json.dumps({
            "replicas": [{"n": 1, "port": 1, "pid": decoy.pid, "marker": "--server.port=1"}],
            "nginx": {"pid": decoy.pid, "marker": str(tmp_path / "nginx.conf")}}))
        assert c.running() == [] and c.stop() == []
        assert decoy.poll() is None, "the decoy was stopped"
        assert C.alive(decoy.pid, "sleep") and not (tmp_path / "cluster.json").exists()
    finally:
        decoy.kill()
        decoy.wait()
