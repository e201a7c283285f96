"""The layering and the page-size rule, read from the source with ast (no import, no Streamlit).

The model and the views are pure: they import neither Streamlit nor the app's ui package, so the
CLI, the chart packs and the tests run them without a browser session; the model reads data
through a query function and never imports the database layer. Pages stay thin: no function in
pages/*.py is over PAGE_FUNCTION_MAX lines (the logic belongs in a view, the model or ui.data).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "channel_conflict"
PAGE_FUNCTION_MAX = 60


def imports(path: Path, package: str | None = None) -> list[tuple[str, int]]:
    """Every module `path` imports (absolute dotted name, relative ones resolved), at any depth:
    an import inside a function counts as much as one at the top."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = package or ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, node.lineno))
            # `from .. import db` names a module in its alias, not in `module`.
            out += [(f"{mod}.{a.name}", node.lineno) for a in node.names]
    return out


def offenders(folder: str, banned: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PKG / folder).glob("*.py")):
        for mod, line in imports(path):
            if any(mod == b or mod.startswith(b + ".") for b in banned):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {mod}")
    return found


def test_imports_resolve_relative_names(tmp_path):
    """The checker itself: a relative import of a banned module is caught (so the rule can fail)."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from .. import db\n    from ..ui import data\n    import streamlit\n")
    names = [m for m, _ in imports(probe, "channel_conflict.model")]
    assert {"channel_conflict.db", "channel_conflict.ui.data", "streamlit"} <= set(names)


@pytest.mark.parametrize("folder", ["model", "views"])
def test_model_and_views_import_neither_streamlit_nor_ui(folder):
    assert offenders(folder, ("streamlit", "channel_conflict.ui")) == []


def test_model_does_not_import_the_database_layer():
    assert offenders("model", ("channel_conflict.db", "duckdb")) == []


def test_registry_has_no_streamlit():
    bad = [m for m, _ in imports(PKG / "registry.py") if m.startswith(("streamlit", "channel_conflict.ui"))]
    assert bad == []


def test_no_page_function_over_the_limit():
    long = []
    for path in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                size = node.end_lineno - first + 1
                if size > PAGE_FUNCTION_MAX:
                    long.append(f"{path.name}:{node.lineno} {node.name}() is {size} lines")
    assert long == [], f"page functions over {PAGE_FUNCTION_MAX} lines (move logic to a view, the model or ui.data)"


def test_every_registered_page_has_its_file_and_view():
    from channel_conflict import registry

    for p in registry.PAGES:
        assert (ROOT / p.file).is_file(), p.file
        assert (PKG / "views" / f"{p.view}.py").is_file(), p.view
    assert len({p.url_path for p in registry.PAGES}) == len(registry.PAGES)


def test_every_view_has_the_one_contract():
    """params(q), a CHARTS map (name -> builder) and charts_for(q, values, as_of, *, only=None)."""
    import inspect

    from channel_conflict import registry

    for p in registry.PAGES:
        view = registry.view(p)
        assert callable(view.params) and callable(view.charts_for), p.key
        assert isinstance(view.CHARTS, dict) and view.CHARTS and all(map(callable, view.CHARTS.values())), p.key
        assert "only" in inspect.signature(view.charts_for).parameters, p.key


def test_each_chart_builder_draws_its_chart(built_db):
    """charts_for draws one chart per CHARTS entry, in order, and `only` draws just the one named."""
    from channel_conflict import db, registry
    from channel_conflict.dataversion import as_of_from
    from channel_conflict.params import parse

    con = db.open_readonly(built_db)
    try:
        q = lambda name, **kw: db.run(con, name, kw)  # noqa: E731
        as_of = as_of_from(q)
        for p in registry.PAGES:
            view = registry.view(p)
            values, _ = parse(view.params(q), {})
            names = [c.name for c in view.charts_for(q, values, as_of)]
            assert len(names) == len(view.CHARTS), p.key
            last = list(view.CHARTS)[-1]
            assert [c.name for c in view.charts_for(q, values, as_of, only=last)] == names[-1:], p.key
    finally:
        con.close()


def test_registry_share_flag_matches_the_pages():
    """A page the registry says has a share bar calls share_bar (and one that says not, does not)."""
    from channel_conflict import registry

    for p in registry.PAGES:
        tree = ast.parse((ROOT / p.file).read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert ("share_bar" in calls) == p.share, p.file
