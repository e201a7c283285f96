"""The scenario store, the same suite against both backends (local folder, PostgreSQL):
immutable saves with their own ids, CJK names, the three caps, the read-only switch, a bounded
list with search, and loads that refuse what is not a scenario quickly.

The PostgreSQL runs start a throwaway cluster (tests/pgcluster.py) when Debian's server is
installed; without it they skip, except under CI=true or REQUIRE_BROWSER=1, where they fail.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from channel_conflict import i18n, store
from channel_conflict.paths import ROOT
from channel_conflict.store import base

from .pgcluster import Cluster, bindir

MUST_RUN = os.environ.get("CI") == "true" or os.environ.get("REQUIRE_BROWSER") == "1"
REV = pd.DataFrame({"partner_id": ["aws"], "cloud_revenue": [150.0], "ai_fraction": [0.2], "growth_pct": [30.0]})


def _unavailable(why: str):
    if MUST_RUN:
        pytest.fail(f"{why} (CI=true / REQUIRE_BROWSER=1: the PostgreSQL store tests must run)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def pg_dsn():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -r requirements.txt)")
    found = bindir()
    if found is None:
        _unavailable("Debian's postgresql is not installed (apt-get install -y postgresql)")
    cluster = Cluster(found).start()
    yield cluster.dsn
    store_close_all()
    cluster.stop()


def store_close_all():
    for s in list(store._stores.values()):
        s.close()
    store._stores.clear()


@pytest.fixture(params=["local", "postgresql"])
def backend(request, monkeypatch, tmp_path):
    """Configures the environment for one backend with an empty store; returns a function that
    gives the store for the current environment (so a test can change a cap and ask again)."""
    for name in ("SCENARIO_SAVING", "SCENARIO_MAX_COUNT", "SCENARIO_MAX_BYTES", "SCENARIO_SESSION_SAVES",
                 "SCENARIO_SESSION_WINDOW", "SCENARIO_SAVES_PER_MINUTE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(store.ENV, str(tmp_path / "saved"))
    if request.param == "local":
        monkeypatch.delenv(store.STORE_ENV, raising=False)
    else:
        dsn = request.getfixturevalue("pg_dsn")
        monkeypatch.setenv(store.STORE_ENV, dsn)
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as con:
            con.execute("DROP TABLE IF EXISTS channel_conflict_scenarios")
        store_close_all()
    yield store.get
    store_close_all()


def _plant(get, sid: str, blob: bytes) -> None:
    """Put bytes under an id behind the store's back, as a hostile or broken writer could."""
    s = get()
    if s.kind == "local":
        s.folder.mkdir(parents=True, exist_ok=True)
        (s.folder / f"{sid}.json").write_bytes(blob)
    else:
        s.count()  # creates the table
        import psycopg

        with psycopg.connect(s.dsn, autocommit=True) as con:
            con.execute("INSERT INTO channel_conflict_scenarios VALUES (%s, %s, now(), %s)", (sid, sid, blob))


def _valid(values: dict | None = None) -> bytes:
    return json.dumps({"format": store.FORMAT, "name": "x", "values": values or {"rho": 0.2}}).encode()


# --- names and ids (no backend) --------------------------------------------------------------------
@pytest.mark.parametrize("name,slug", [("My scenario #1", "my-scenario-1"), ("../../etc/passwd", "etc-passwd"),
                                       ("  Ärger  ", "ärger"), ("中文 A", "中文-a"), ("漢字 A", "漢字-a"),
                                       ("ＡＢＣ１", "abc1"), ("a" * 200, "a" * 40), ("x_y", "x-y")])
def test_slugs_keep_letters_of_any_script(name, slug):
    assert store.slug(name) == slug
    assert store.ID_RE.fullmatch(base.new_id(name))


@pytest.mark.parametrize("name", ["", "   ", "###", "__", "\n\t"])
def test_names_without_a_letter_or_digit_are_refused(name):
    with pytest.raises(store.ScenarioError) as err:
        store.clean_name(name)
    assert err.value.key == "name_empty" and "name" in str(err.value)


@pytest.mark.parametrize("sid", ["../secrets", "a/b", ".hidden", "a.json", "", "-x", "a--b", "x" * 81, None, 3,
                                 "a_b", "a b", "<a>"])
def test_ids_outside_the_pattern_are_refused_without_echoing_them(sid):
    with pytest.raises(store.ScenarioError) as err:
        store.check_id(sid)
    assert err.value.key == "bad_id" and (not isinstance(sid, str) or not sid or sid not in str(err.value))


def test_every_message_exists_in_both_languages():
    keys = {k.split(".", 1)[1] for k in i18n.strings("en") if k.startswith("store.")}
    assert keys == {k.split(".", 1)[1] for k in i18n.strings("zh-TW") if k.startswith("store.")}
    raised = {"name_empty", "bad_id", "not_found", "not_regular", "too_large", "too_deep", "corrupt", "unreadable",
              "unavailable", "write_failed", "save_off", "full", "busy", "rate", "save_too_large"}
    assert raised <= keys


# --- both backends ------------------------------------------------------------------------------
def test_round_trip_keeps_values_tables_and_a_chinese_name(backend):
    s = backend()
    saved = s.save("中文 A", {"rho": 0.3, "year": 2031}, REV, None, as_of="2026-06-01", changed=["cloud_revenue.aws"])
    assert saved.id.startswith("中文-a-") and len(saved.id) == len("中文-a-") + base.SUFFIX_LEN
    back = s.load(saved.id)
    assert back.name == "中文 A" and back.values == {"rho": 0.3, "year": 2031} and back.as_of == "2026-06-01"
    assert back.revenue.to_dict("records") == REV.to_dict("records") and back.mix is None
    assert back.changed == ["cloud_revenue.aws"] and s.exists(saved.id) and not s.exists("nope-abc123")


def test_saves_are_immutable_and_never_collide(backend):
    s = backend()
    first = s.save("Test one", {"rho": 0.3})
    second = s.save("test ONE", {"rho": 0.9})  # same slug: a new scenario, the first unchanged
    han, zh = s.save("漢字 A", {"rho": 0.1}), s.save("中文 A", {"rho": 0.2})
    ids = {first.id, second.id, han.id, zh.id}
    assert len(ids) == 4 and s.count() == 4
    assert first.id.startswith("test-one-") and second.id.startswith("test-one-")
    assert s.load(first.id).values == {"rho": 0.3} and s.load(second.id).values == {"rho": 0.9}
    assert s.load(han.id).name == "漢字 A" and s.load(zh.id).name == "中文 A"
    # a forced id collision is not a replacement: the insert says no and the old body stays
    assert s._insert(first.id, "x", pd.Timestamp.now(tz="UTC").to_pydatetime(), _valid({"rho": 0.5})) is False
    assert s.load(first.id).values == {"rho": 0.3}


def test_concurrent_saves_all_land(backend):
    s = backend()
    out, errors = [], []

    def save(i: int) -> None:
        try:
            out.append(s.save("Race", {"rho": i / 100}).id)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(out)) == 12 and s.count() == 12


def test_count_cap_refuses_with_a_message(backend, monkeypatch):
    monkeypatch.setenv("SCENARIO_MAX_COUNT", "3")
    s = backend()
    for i in range(3):
        s.save(f"n{i}", {"rho": 0.1})
    with pytest.raises(store.ScenarioError) as err:
        s.save("one more", {"rho": 0.1})
    assert err.value.key == "full" and "full (3 saved scenarios)" in str(err.value)
    assert "已滿" in err.value.message("zh-TW") and s.count() == 3


def test_per_session_rate_refuses_with_a_message_and_other_sessions_still_save(backend, monkeypatch):
    monkeypatch.setenv("SCENARIO_SESSION_SAVES", "2")
    s = backend()
    s.save("a", {}, session="visitor-1")
    s.save("b", {}, session="visitor-1")
    with pytest.raises(store.ScenarioError) as err:
        s.save("c", {}, session="visitor-1")
    assert err.value.key == "rate" and "saved 2 scenarios in the last 10 minutes" in str(err.value)
    s.save("d", {}, session="visitor-2")
    assert s.count() == 3


def test_store_wide_rate_slows_a_script_that_opens_fresh_sessions(backend, monkeypatch):
    monkeypatch.setenv("SCENARIO_SAVES_PER_MINUTE", "3")
    s = backend()
    for i in range(3):
        s.save(f"s{i}", {}, session=f"fresh-{i}")
    with pytest.raises(store.ScenarioError) as err:
        s.save("s3", {}, session="fresh-3")
    assert err.value.key == "busy" and "in the last minute" in str(err.value) and s.count() == 3


def test_rate_window_expires():
    now = [100.0]
    limit = base.RateLimit(1, 0.2, clock=lambda: now[0])
    limit.check("s")
    limit.record("s")
    now[0] += 0.19
    with pytest.raises(store.ScenarioError):
        limit.check("s")
    now[0] += 0.02  # the save is now outside the 0.2 s window
    limit.check("s")


def test_size_cap_refuses_with_a_message(backend, monkeypatch):
    monkeypatch.setenv("SCENARIO_MAX_BYTES", "2048")
    s = backend()
    big = pd.DataFrame({"partner_id": [f"p{i}" for i in range(60)], "cloud_revenue": [1.0] * 60})
    with pytest.raises(store.ScenarioError) as err:
        s.save("big", {"rho": 0.1}, big)
    assert err.value.key == "save_too_large" and "limit is 2 KB" in str(err.value) and s.count() == 0


def test_read_only_switch_turns_saving_off_but_loading_on(backend, monkeypatch):
    sid = backend().save("kept", {"rho": 0.4}).id
    monkeypatch.setenv("SCENARIO_SAVING", "off")
    s = backend()
    with pytest.raises(store.ScenarioError) as err:
        s.save("new", {"rho": 0.1})
    assert err.value.key == "save_off" and "read-only" in str(err.value)
    assert s.load(sid).values == {"rho": 0.4} and s.count() == 1


def test_recent_lists_the_newest_few_and_search_finds_older_ones(backend):
    s = backend()
    ids = []
    for i in range(6):
        ids.append(s.save(f"Plan {i}" if i else "中文 old", {"rho": i / 10}).id)
        if s.kind == "local":  # mtime order: make each save visibly newer
            os.utime(s.folder / f"{ids[-1]}.json", (1_700_000_000 + i, 1_700_000_000 + i))
    newest = s.recent(limit=3)
    assert [e.id for e in newest] == ids[:-4:-1]
    assert [e.id for e in s.recent(limit=3, query="中文")] == [ids[0]]
    assert [e.id for e in s.recent(limit=10, query="PLAN 3")] == [ids[3]]
    assert s.recent(limit=10, query="###") == [] and s.recent(limit=10, query="nothing") == []


def test_missing_scenario(backend):
    with pytest.raises(store.ScenarioError) as err:
        backend().load("nope-abc123")
    assert err.value.key == "not_found"


@pytest.mark.parametrize("blob,key", [
    (b"{ not json", "corrupt"), (b'{"format": "other", "values": {}}', "corrupt"), (b"[1, 2]", "corrupt"),
    (b"\xff\xfe\x00bad", "corrupt"),
    (b'{"format": "' + store.FORMAT.encode() + b'", "values": {"rho": NaN}}', "corrupt"),
    (b'{"format": "' + store.FORMAT.encode() + b'", "values": {"rho": [1]}}', "corrupt"),
    (b'{"format": "' + store.FORMAT.encode() + b'", "values": {}, "revenue": [1, 2]}', "corrupt"),
    (b"[" * 200_000 + b"]" * 200_000, "too_large"), (b"[" * 5000 + b"]" * 5000, "too_deep"),
    (b'{"a": ' * 3000 + b"1" + b"}" * 3000, "too_deep"),
])
def test_bad_content_is_refused_quickly_with_a_reason(backend, blob, key):
    _plant(backend, "bad-abc123", blob)
    started = time.perf_counter()
    with pytest.raises(store.ScenarioError) as err:
        backend().load("bad-abc123")
    assert err.value.key == key, err.value.detail
    assert time.perf_counter() - started < 1.0


def test_depth_check_ignores_brackets_inside_strings():
    assert base.depth_ok(json.dumps({"values": {"note": "[" * 500}}))
    assert not base.depth_ok("[" * 9 + "]" * 9)


# --- local folder only: what a file system can hold ----------------------------------------------------
@pytest.fixture
def local(monkeypatch, tmp_path):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    monkeypatch.setenv(store.ENV, str(tmp_path / "saved"))
    s = store.get()
    s.folder.mkdir(parents=True)
    return s


def test_a_fifo_is_refused_at_once_not_waited_on(local):
    os.mkfifo(local.folder / "x.json")
    started = time.perf_counter()
    with pytest.raises(store.ScenarioError) as err:
        local.load("x")
    assert err.value.key == "not_regular" and time.perf_counter() - started < 1.0
    assert local.recent() == [] and local.count() == 0 and not local.exists("x")


def test_symlinks_and_folders_are_not_followed(local, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_bytes(_valid())
    (local.folder / "link.json").symlink_to(secret)
    (local.folder / "dir.json").mkdir()
    for sid in ("link", "dir"):
        with pytest.raises(store.ScenarioError) as err:
            local.load(sid)
        assert err.value.key == "not_regular"
    assert local.recent() == []


def test_no_temporary_files_are_left_and_stray_names_are_ignored(local):
    local.save("Kept", {"rho": 0.2})
    (local.folder / "Not Valid.json").write_text("{}")
    (local.folder / ".tmp.x.part").write_text("{}")
    assert len(local.recent()) == 1
    assert sorted(p.name for p in local.folder.iterdir() if not p.name.startswith(".")) == sorted(
        [f"{local.recent()[0].id}.json", "Not Valid.json"])


def test_a_scenario_saved_here_reopens_in_a_new_process(local):
    sid = local.save("Across restarts", {"kappa": 0.7}).id
    code = f"from channel_conflict import store; import json; print(json.dumps(store.get().load({sid!r}).values))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **{store.ENV: str(local.folder)}))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"kappa": 0.7}


def test_default_folder_and_backend_choice(monkeypatch, tmp_path):
    monkeypatch.delenv(store.ENV, raising=False)
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    assert store.directory() == ROOT / "data" / "scenarios" and store.get().kind == "local"
    monkeypatch.setenv(store.STORE_ENV, "postgresql://nobody@127.0.0.1:1/none")
    assert store.get().kind == "postgresql"
    store_close_all()


def test_an_unreachable_database_gives_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv(store.STORE_ENV, f"postgresql://nobody@127.0.0.1:{_closed_port()}/none?connect_timeout=2")
    pytest.importorskip("psycopg")
    s = store.get()
    with pytest.raises(store.ScenarioError) as err:
        s.recent()
    assert err.value.key == "unavailable" and "127.0.0.1" not in str(err.value)
    started = time.perf_counter()
    with pytest.raises(store.ScenarioError) as err:
        s.load("some-abc123")
    assert err.value.key == "unreadable" and "recently unreachable" in err.value.detail  # no new connect
    assert time.perf_counter() - started < 0.5
    store_close_all()


def _closed_port() -> int:
    from .conftest import free_port

    return free_port()


def test_a_scenario_is_read_once_then_kept(backend, monkeypatch):
    """The page loads the open scenario on every slider move; saves never change, so one read serves."""
    s = backend()
    saved = s.save("Kept", {"rho": 0.2})
    reads = []
    real = type(s)._read
    monkeypatch.setattr(type(s), "_read", lambda self, sid: reads.append(sid) or real(self, sid))
    first, again = s.load(saved.id), s.load(saved.id)
    assert reads == [saved.id] and again is first and first.values["rho"] == 0.2
    with pytest.raises(store.ScenarioError):
        s.load("missing-abc123")
    with pytest.raises(store.ScenarioError):  # a failure is not kept: asked again, read again
        s.load("missing-abc123")
    assert reads == [saved.id, "missing-abc123", "missing-abc123"]
