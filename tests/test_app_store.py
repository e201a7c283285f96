"""AppTest: the Overlap page's saved scenarios as an anonymous visitor meets them: a bounded list
with a search box, Chinese names, the caps' messages, the read-only switch, and planted files
(a FIFO, deep nesting, a huge file) that give a message in the page instead of a hang or a crash."""
from __future__ import annotations

import os
import time

import pytest
from streamlit.testing.v1 import AppTest

from channel_conflict import store

from .app_helpers import isolated_store, open_app

PAGE = "pages/overlap.py"


@pytest.fixture
def folder(monkeypatch, built_db, tmp_path):
    return isolated_store(monkeypatch, built_db, tmp_path / "scenarios")


def open_page(params: dict | None = None) -> AppTest:
    return open_app(PAGE, params, timeout=60)


def save_from_page(at: AppTest, name: str) -> None:
    at.text_input(key="ov_save_name").input(name).run()
    at.button(key="ov_save").click().run()
    assert not at.exception, at.exception


def test_chinese_only_names_save_and_similar_names_do_not_collide(folder):
    at = open_page()
    save_from_page(at, "中文 A")
    first = at.session_state["scenario"]
    save_from_page(at, "漢字 A")
    second = at.session_state["scenario"]
    assert first.startswith("中文-a-") and second.startswith("漢字-a-")
    assert sorted(p.name for p in folder.glob("*.json")) == sorted([f"{first}.json", f"{second}.json"])
    again = open_page({"scenario": first})
    assert again.selectbox(key="scenario").value == first and not again.error


def test_the_list_shows_the_newest_and_the_search_finds_older_ones(folder):
    s = store.get()
    oldest = s.save("Oldest plan", {"rho": 0.2}).id
    os.utime(folder / f"{oldest}.json", (1_600_000_000, 1_600_000_000))
    for i in range(35):
        s.save(f"Plan {i}", {"rho": 0.1})
    at = open_page()
    options = at.selectbox(key="scenario").options
    assert len(options) == 31 and oldest not in options  # "none" + the 30 newest
    assert any("30 newest" in c.value for c in at.caption)
    at.text_input(key="ov_saved_search").input("oldest").run()
    assert at.selectbox(key="scenario").options[1:] == [oldest]
    at.text_input(key="ov_saved_search").input("no such thing").run()
    assert any("No saved scenario matches" in c.value for c in at.caption)
    # a link to an old scenario opens it even though it is not among the newest
    linked = open_page({"scenario": oldest})
    assert linked.selectbox(key="scenario").value == oldest and not linked.error


def test_session_rate_and_count_caps_say_so(folder, monkeypatch):
    monkeypatch.setenv("SCENARIO_SESSION_SAVES", "1")
    at = open_page()
    save_from_page(at, "first")
    save_from_page(at, "second")
    assert any("the most allowed" in w.value for w in at.warning)
    monkeypatch.setenv("SCENARIO_SESSION_SAVES", "5")
    monkeypatch.setenv("SCENARIO_MAX_COUNT", "1")
    at = open_page()
    save_from_page(at, "third")
    assert any("store is full (1 saved scenarios)" in w.value for w in at.warning)
    assert len(list(folder.glob("*.json"))) == 1


def test_read_only_switch_hides_saving_and_still_opens_links(folder, monkeypatch):
    sid = store.get().save("Kept", {"kappa": 0.8}).id
    monkeypatch.setenv(store.SAVING_ENV, "off")
    at = open_page({"scenario": sid})
    assert not [b for b in at.button if b.key == "ov_save"]
    assert any("Saving is off on this server" in i.value for i in at.info)
    assert at.slider(key="kappa").value == pytest.approx(0.8)
    zh = open_page({"scenario": sid, "lang": "zh-TW"})
    assert any("唯讀" in i.value for i in zh.info)


def test_a_fifo_in_the_folder_is_skipped_not_waited_on(folder):
    os.mkfifo(folder / "x.json")
    started = time.perf_counter()
    at = open_page({"scenario": "x"})  # used to block the session forever
    assert time.perf_counter() - started < 30 and not at.error
    assert "x" not in at.selectbox(key="scenario").options
    assert any("This link asked for" in w.value for w in at.warning)  # the link's value is not usable


@pytest.mark.parametrize("plant,message", [
    (lambda p: p.write_text('{"a": ' * 5000 + "1" + "}" * 5000), "nested too deeply"),
    (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "larger than"),
])
def test_planted_files_give_a_message_from_a_link_and_from_the_list(folder, plant, message):
    plant(folder / "x.json")
    at = open_page({"scenario": "x"})
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert len(at.get("plotly_chart")) >= 1  # the page still draws, from the sourced defaults
    at = open_page()
    at.selectbox(key="scenario").set_value("x").run()  # picked from the list (was a raw RecursionError)
    assert not at.exception and any(message in e.value for e in at.error)
