"""`python -m channel_conflict export`: bad parameters warn and fall back, bad pages and
databases exit 2 with a clear message, pages without a view exit 3."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from channel_conflict.export import cli
from channel_conflict.export.pack import PAGE_TITLES
from channel_conflict.export.render import shared_renderer
from channel_conflict.paths import ROOT

# Rendered for real (one warm kaleido); the rest check the parameter handling with a stub renderer.
BAD_RENDERED = [
    "firm=Garbage&nonsense=1",
    "firm=NaN",
    "firm=1e309",
]
BAD = [
    "firm=-99999999999999999999999",
    "firm=Synergy&firm=Canalys",
    "firm=%00%ff%fe<script>",
    "nonsense=1&rho=NaN&" + "x" * 500 + "=1",
    "&&==&firm",
    "?firm=" + "9" * 5000,
]


@pytest.fixture(scope="session")
def renderer():
    from .conftest import require_browser

    require_browser()
    return shared_renderer().start()


def run(args, renderer, capsys):
    code = cli.main(["export", *args], renderer=renderer)
    captured = capsys.readouterr()
    return code, captured.err


class StubRenderer:
    """Stands in for kaleido where only the parameter handling is under test."""

    def render(self, fig, fmt, scale=2, width=None, height=None) -> bytes:
        return b"<svg/>" if fmt == "svg" else b"\x89PNG stub"


@pytest.mark.parametrize("params,real", [(p, True) for p in BAD_RENDERED] + [(p, False) for p in BAD])
def test_bad_params_warn_and_export_the_defaults(params, real, tmp_path, built_db, request, capsys):
    renderer = request.getfixturevalue("renderer") if real else StubRenderer()
    code, err = run(["--page", "market", "--params", params, "--out", str(tmp_path), "--db", str(built_db)],
                    renderer, capsys)
    assert code == 0, err
    assert "warning:" in err and "Traceback" not in err
    scenario = json.loads((tmp_path / "scenario.json").read_text(encoding="utf-8"))
    assert scenario["params"] == {"firm": "Synergy"}  # the default research firm
    assert scenario["link"].endswith("/market")  # defaults are left out of the link
    assert scenario["warnings"]
    assert list(tmp_path.glob("*.png")) and list(tmp_path.glob("*.zip"))


NUMERIC_BAD = "rho=NaN&delta=1e308&kappa=abc&rho_typo=0.2&embed=true&lang=zh-TW"


def test_overlap_numbers_out_of_range_fall_back(tmp_path, built_db, renderer, capsys):
    code, err = run(["--page", "overlap", "--params", NUMERIC_BAD, "--out", str(tmp_path), "--db", str(built_db),
                     "--format", "files"], renderer, capsys)
    assert code == 0, err
    scenario = json.loads((tmp_path / "scenario.json").read_text(encoding="utf-8"))
    assert scenario["warnings"] and "rho_typo" in err
    assert "embed" not in err and "lang" not in err  # global link keys are not page parameters


def test_good_params_give_no_warnings(tmp_path, built_db, renderer, capsys):
    code, err = run(["--page", "market", "--params", "firm=Canalys&embed=true", "--out", str(tmp_path),
                     "--db", str(built_db), "--format", "zip"], renderer, capsys)
    assert code == 0 and "warning" not in err
    (z,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]  # and the manifest
    with zipfile.ZipFile(z) as f:
        assert json.loads(f.read("scenario.json"))["params"] == {"firm": "Canalys"}


@pytest.mark.parametrize("page", ["nope", "../etc/passwd", "market.py", "Market Page"])
def test_unknown_page_exits_2(page, tmp_path, built_db, capsys):
    code, err = run(["--page", page, "--out", str(tmp_path), "--db", str(built_db)], None, capsys)
    assert code == 2 and "Unknown page" in err and "market" in err
    assert not list(tmp_path.iterdir())


def test_missing_and_broken_databases_exit_2(tmp_path, capsys):
    code, err = run(["--page", "market", "--out", str(tmp_path / "o"), "--db", str(tmp_path / "none.duckdb")],
                    None, capsys)
    assert code == 2 and "Database not found" in err
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database" * 100)
    code, err = run(["--page", "market", "--out", str(tmp_path / "o"), "--db", str(junk)], None, capsys)
    assert code == 2 and "not a valid DuckDB" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_page_whose_view_is_broken_exits_3(tmp_path, built_db, capsys, monkeypatch):
    """A view module that lacks the contract (here: a stand-in without charts_for) is reported, not crashed on."""
    import types

    monkeypatch.setitem(sys.modules, "channel_conflict.views.timeline", types.ModuleType("broken"))
    code, err = run(["--page", "timeline", "--out", str(tmp_path), "--db", str(built_db)], None, capsys)
    assert code == 3 and PAGE_TITLES["timeline"] in err and "charts_for" in err
    assert not any(tmp_path.iterdir())


def test_missing_arguments_exit_2(capsys):
    assert cli.main(["export", "--page", "market"]) == 2
    assert cli.main([]) == 2


def test_module_entry_point(tmp_path, built_db):
    """The real command, in its own process: exit codes and output as a CI job sees them."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    bad = subprocess.run([sys.executable, "-m", "channel_conflict", "export", "--page", "nope", "--out", str(tmp_path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Unknown page" in bad.stderr
    from .conftest import require_browser

    require_browser()
    ok = subprocess.run([sys.executable, "-m", "channel_conflict", "export", "--page", "market", "--params",
                         "firm=Canalys&bogus=1", "--out", str(tmp_path), "--db", str(built_db)],
                        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "warning: ignored parameter" in ok.stderr and "bogus" in ok.stderr
    assert (tmp_path / "scenario.json").exists() and list(tmp_path.glob("*.zip"))


# --- --out: checked before rendering, never follows a link, never overwrites what it did not write ----------

class NoRender:
    """Fails the test if anything is rendered: --out problems must stop the export first."""

    def render(self, *a, **k):
        raise AssertionError("rendered although --out was unusable")


def _export(out, built_db, capsys, renderer=None, *extra):
    code = cli.main(["export", "--page", "market", "--out", str(out), "--db", str(built_db), *extra],
                    renderer=renderer or StubRenderer())
    return code, capsys.readouterr().err


def test_out_is_a_file_or_uncreatable_exits_2_before_rendering(tmp_path, built_db, capsys):
    f = tmp_path / "a-file"
    f.write_text("keep")
    for out in (f, f / "sub"):
        code, err = _export(out, built_db, capsys, NoRender())
        assert code == 2 and "--out" in err and "Traceback" not in err, err
    assert f.read_text() == "keep"


def test_out_symlink_is_refused(tmp_path, built_db, capsys):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    code, err = _export(link, built_db, capsys, NoRender())
    assert code == 2 and "symbolic link" in err
    assert not any(real.iterdir())


def test_foreign_files_are_kept_unless_force(tmp_path, built_db, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.txt").write_text("my notes")
    code, err = _export(out, built_db, capsys, NoRender())
    assert code == 2 and "README.txt" in err and "--force" in err
    assert (out / "README.txt").read_text() == "my notes"
    code, err = _export(out, built_db, capsys, None, "--force")
    assert code == 0, err
    assert (out / "README.txt").read_text() != "my notes"


def test_a_rerun_replaces_its_own_files_but_not_edited_ones(tmp_path, built_db, capsys):
    out = tmp_path / "fresh" / "pack"  # created, parents too
    assert _export(out, built_db, capsys)[0] == 0
    assert _export(out, built_db, capsys)[0] == 0  # its own files: replaced without --force
    (out / "scenario.json").write_text("{}")  # a person edited it since
    code, err = _export(out, built_db, capsys, NoRender())
    assert code == 2 and "scenario.json" in err
    assert (out / "scenario.json").read_text() == "{}"


def test_symlink_planted_in_the_folder_is_never_followed(tmp_path, built_db, capsys):
    out = tmp_path / "out"
    assert _export(out, built_db, capsys)[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    (out / "scenario.json").unlink()
    (out / "scenario.json").symlink_to(victim)
    code, err = _export(out, built_db, capsys, NoRender())  # a link is not a file it wrote
    assert code == 2 and "scenario.json" in err
    code, err = _export(out, built_db, capsys, None, "--force")
    assert code == 0, err
    assert victim.read_text() == "do not touch"
    assert not (out / "scenario.json").is_symlink() and json.loads((out / "scenario.json").read_text())["page"]
    assert not list(out.glob(".*.tmp"))  # no temporary file left behind


def test_no_traceback_on_an_unexpected_error(tmp_path, built_db, capsys, monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "build", boom)
    code, err = _export(tmp_path / "o", built_db, capsys)
    assert code == 1 and err.strip() == "error: unexpected ZeroDivisionError: division by zero"


def test_out_at_a_file_in_a_real_process(tmp_path, built_db):
    f = tmp_path / "exists.txt"
    f.write_text("x")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "channel_conflict", "export", "--page", "market", "--out", str(f),
                        "--db", str(built_db)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.startswith("error: --out")
