"""Targets, the printed table, the JSON file and the README block."""
from __future__ import annotations

import json
import re
from pathlib import Path

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


def _fmt(v, unit="ms") -> str:
    if v is None:
        return "-"
    if unit == "ms":
        return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"
    if unit == "x":
        return f"{v:.2f}x"
    if unit == "MB":
        return f"{v:.0f} MB"
    return str(v)


# Targets as ratios to the bare Streamlit page measured in the same run (issue #12): the ratio travels
# between machines better than milliseconds do.
SLIDER_RATIO, LINK_RATIO, START_RATIO = 1.5, 1.3, 1.5


def _ratio(ours: dict, bare: dict) -> float | None:
    if not ours or not bare or not ours.get("median") or not bare.get("median"):
        return None
    return round(ours["median"] / bare["median"], 2)


def ratio_row(out: list, what: str, ratio: float | None, target: float, interval=None) -> None:
    """The ratio of medians against its target; with its bootstrap interval (stats.ratio_interval) the
    row also says whether the run's own noise reaches across the target."""
    note = ""
    if interval and ratio is not None:
        lo, hi = interval
        side = ("the whole interval meets it" if hi <= target else "the whole interval misses it" if lo > target
                else "the interval straddles it")
        note = f"90% interval {lo:.2f}-{hi:.2f}x: {side}"
    out.append({"what": f"  ratio ours / bare, {what} (medians)",
                "median": _fmt(ratio, "x"), "p95": "-", "max": "-", "n": "", "target": f"<= {target}",
                "ok": None if ratio is None else ratio <= target, "note": note})


def rows(r: dict) -> list[dict]:
    """One row per figure: what, median, p95, max, target, ok (None when not measured)."""
    out = []

    def add(what, s, target, ok, unit="ms", note=""):
        s = s or {}
        out.append({"what": what, "median": _fmt(s.get("median"), unit), "p95": _fmt(s.get("p95"), unit),
                    "max": _fmt(s.get("max"), unit), "n": s.get("n", ""), "target": target, "ok": ok, "note": note})

    sl = r.get("slider")
    if sl:
        s = sl["stats"]
        add(f"Control to repainted chart: {sl['page']} {sl['control']}", s, "(ratio below)", None,
            note=sl.get("note", ""))
        if sl.get("server") and sl["server"].get("median") is not None:
            sv = sl["server"]
            add(f"  of which server work per move ({sl.get('server_scope', 'page')} rerun)", sv, "< 100",
                sv["median"] < 100)
    bare = r.get("bare")
    if bare:
        add("Same, bare one-slider page", bare["stats"], "(reference)", None)
    if r.get("ratio") is not None:
        ratio_row(out, "slider move", r["ratio"], SLIDER_RATIO, r.get("ratio_interval"))
    ln = r.get("link")
    if ln:
        add(f"Link opened in a new tab to first chart: {ln['url']}", ln["stats"], "(ratio below)", None)
        add("Same, bare one-chart page", ln["bare"], "(reference)", None)
        ratio_row(out, "link in a new tab", _ratio(ln["stats"], ln["bare"]), LINK_RATIO, ln.get("interval"))
    for path, s in (r.get("page_switch") or {}).items():
        add(f"Page switch to painted page: /{path}", s["stats"], "<= 800",
            s["stats"]["median"] is not None and s["stats"]["median"] <= 800, note=s.get("note", ""))
    st = r.get("startup")
    if st:
        add(f"`streamlit run` start to first chart (/{st['page']})", st["stats"], "(ratio below)", None)
        add("`streamlit run` start to health check OK", st["health"], "(reference)", None)
        if st.get("bare"):
            add("`streamlit run` start to first chart, bare one-chart page", st["bare"], "(reference)", None)
            ratio_row(out, "start to first chart", _ratio(st["stats"], st["bare"]), START_RATIO)
    c = r.get("concurrent")
    if c:
        s = c["stats"]
        add(f"{c['sessions']} sessions moving controls: repaint", s, "p95 <= 400",
            s["p95"] is not None and s["p95"] <= 400)
        out.append({"what": f"{c['sessions']} sessions: errors", "median": str(c["errors"]), "p95": "-", "max": "-",
                    "n": "", "target": "0", "ok": c["errors"] == 0, "note": "; ".join(c.get("error_kinds", [])[:3])})
        m = c["rss_mb"]
        out.append({"what": f"{c['sessions']} sessions: server RSS start / loaded / end / closed",
                    "median": " / ".join(_fmt(m.get(k), "MB") for k in ("start", "loaded", "end", "closed")),
                    "p95": "-", "max": "-", "n": "", "target": "flat under load (end <= loaded + 10%)",
                    "ok": c["memory_flat"], "note": ""})
    from .model_mc import row as mc_row

    mc = mc_row(r)
    if mc:
        add(mc["what"], mc["s"], mc["target"], mc["ok"])
    q = r.get("queries")
    if q and q["by_name"]:
        items = q["by_name"].items()
        real_worst = max(items, key=lambda kv: kv[1]["real"]["median"])
        synth_worst = max(items, key=lambda kv: kv[1]["synth"]["median"])
        real_over = [k for k, v in items if v["real"]["median"] >= 10]
        synth_over = [k for k, v in items if v["synth"]["median"] >= 200]
        add(f"Named queries, real DB: slowest of {len(q['by_name'])} (`{real_worst[0]}`)", real_worst[1]["real"],
            "< 10 each", not real_over, note=f"{len(real_over)} over" if real_over else "")
        add(f"Named queries, {q['factor']}x DB: slowest (`{synth_worst[0]}`)", synth_worst[1]["synth"],
            "< 200 each", not synth_over,
            note=f"{len(synth_over)} over: " + ", ".join(synth_over) if synth_over else "")
    return out


def markdown(r: dict) -> str:
    lines = ["| Measure | Median | p95 | Max | n | Target | Met |", "|---|---:|---:|---:|---:|---|:---:|"]
    for x in rows(r):
        ok = {True: "yes", False: "**no**", None: ""}[x["ok"]]
        lines.append(f"| {_with_note(x)} | {x['median']} | {x['p95']} | {x['max']} | {x['n']} | {x['target']} | {ok} |")
    q = r.get("queries")
    if q and q["by_name"]:
        lines += ["", f"Named queries (median ms; rows returned), real DB and {q['factor']}x synthetic DB:", "",
                  f"| Query | Real | Rows | {q['factor']}x | Rows | Growth |", "|---|---:|---:|---:|---:|---:|"]
        for name, v in q["by_name"].items():
            slow = v["synth"]["median"] >= 200 or v["real"]["median"] >= 10
            lines.append(f"| `{name}`{' **(over)**' if slow else ''} | {v['real']['median']:.1f} | {v['rows_real']} | "
                         f"{v['synth']['median']:.0f}{' (' + v['error'] + ')' if v.get('error') else ''} | "
                         f"{v['rows_synth']} | {v['growth']:.0f}x |")
    meta = r["meta"]
    lines.append("")
    lines.append(f"Run {meta['when']} at commit `{meta['commit']}`, {meta['cpus']} cores, "
                 f"{'--quick' if meta['quick'] else 'full run'}, {meta['seconds']:.0f} s.")
    for note in r.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines)


def table(r: dict) -> str:
    xs = rows(r)
    w = max(len(x["what"]) for x in xs) if xs else 10
    head = f"{'Measure':<{w}}  {'median':>10}  {'p95':>8}  {'max':>8}  {'n':>4}  target"
    out = [head, "-" * len(head)]
    for x in xs:
        ok = {True: "ok", False: "MISSED", None: ""}[x["ok"]]
        out.append(f"{x['what']:<{w}}  {x['median']:>10}  {x['p95']:>8}  {x['max']:>8}  {x['n']!s:>4}  "
                   f"{x['target']} {ok}" + (f"  ({x['note']})" if x["note"] else ""))
    return "\n".join(out)


def _with_note(row: dict) -> str:
    return row["what"] + (f" ({row['note']})" if row["note"] else "")


def write_json(r: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(r, indent=2, default=str) + "\n")


def update_readme(readme: Path, block: str) -> bool:
    """Replace the text between the bench markers in README.md; False if the markers are absent."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        return False
    readme.write_text(pattern.sub(lambda _: f"{README_START}\n{block}\n{README_END}", text), encoding="utf-8")
    return True
