"""Saved scenarios on disk: safe names, atomic writes, no silent overwrite, clear errors for
corrupt files, and a scenario saved in one process reopens in another."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from channel_conflict.paths import ROOT
from channel_conflict.ui import scenarios as store


@pytest.fixture
def folder(monkeypatch, tmp_path):
    d = tmp_path / "saved"
    monkeypatch.setenv(store.ENV, str(d))
    return d


def test_directory_comes_from_the_environment(folder, monkeypatch):
    assert store.directory() == folder
    monkeypatch.delenv(store.ENV)
    assert store.directory() == ROOT / "data" / "scenarios"


@pytest.mark.parametrize("name,sid", [("My scenario #1", "my-scenario-1"), ("../../etc/passwd", "etc-passwd"),
                                      ("  Ärger  ", "rger"), ("a" * 200, "a" * 60)])
def test_names_are_sanitised(name, sid):
    assert store.to_id(name) == sid


@pytest.mark.parametrize("name", ["", "   ", "###", "ü"])
def test_unusable_names_are_refused(name):
    with pytest.raises(store.ScenarioError, match="name"):
        store.to_id(name)


def test_save_load_round_trip_and_no_silent_overwrite(folder):
    rev = pd.DataFrame({"partner_id": ["aws"], "cloud_revenue": [150.0], "ai_fraction": [0.2], "growth_pct": [30.0]})
    saved = store.save("Test one", {"rho": 0.3, "year": 2031}, rev, None, as_of="2026-06-01",
                       changed=["cloud_revenue.aws"])
    assert saved.id == "test-one" and store.list_ids() == ["test-one"]
    back = store.load("test-one")
    assert back.name == "Test one" and back.values == {"rho": 0.3, "year": 2031}
    assert back.revenue.to_dict("records") == rev.to_dict("records") and back.mix is None
    assert back.changed == ["cloud_revenue.aws"]
    with pytest.raises(store.ScenarioExists):
        store.save("test ONE", {"rho": 0.9})
    assert store.load("test-one").values["rho"] == 0.3
    store.save("Test one", {"rho": 0.9}, overwrite=True)
    assert store.load("test-one").values["rho"] == 0.9
    assert [p.name for p in folder.iterdir()] == ["test-one.json"]  # no temp files left


@pytest.mark.parametrize("content,why", [("{ not json", "corrupt"), ('{"format": "other"}', "corrupt"),
                                         ('[1, 2]', "corrupt"), (b"\xff\xfe\x00bad", "not a text file")])
def test_corrupt_files_give_a_clear_error(folder, content, why):
    folder.mkdir(parents=True)
    path = folder / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(store.ScenarioError, match=why):
        store.load("bad")


def test_missing_and_malicious_ids(folder):
    with pytest.raises(store.ScenarioError, match="No saved scenario"):
        store.load("nope")
    with pytest.raises(store.ScenarioError, match="not a saved-scenario name"):
        store.load("../secrets")
    folder.mkdir(parents=True)
    (folder / "Not Valid.json").write_text("{}")
    (folder / ".tmp.json").write_text("{}")
    assert store.list_ids() == []


def test_a_scenario_saved_here_reopens_in_a_new_process(folder):
    store.save("Across restarts", {"kappa": 0.7})
    code = ("from channel_conflict.ui import scenarios as s; import json; "
            "print(json.dumps(s.load('across-restarts').values))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **{store.ENV: str(folder)}))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"kappa": 0.7}
