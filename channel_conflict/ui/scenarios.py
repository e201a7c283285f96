"""Saved scenarios: an overlap scenario (slider values and edited assumption tables) stored by
name as a JSON file, so a link `?scenario=<id>` reopens it after the app restarts.

No Streamlit here (the view and the CLI read saved scenarios too). Files live in
$DASHBOARD_SCENARIOS_DIR, or data/scenarios/ (git-ignored). Each save is atomic (a temporary
file in the same directory, then a link or os.replace), names are reduced to a safe id, and an
existing scenario is never replaced unless the caller says so.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import ROOT

ENV = "DASHBOARD_SCENARIOS_DIR"
FORMAT = "channel-conflict overlap scenario v1"
MAX_NAME = 60
MAX_BYTES = 1_000_000  # a saved scenario is a few KB; anything bigger is not ours
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


class ScenarioError(Exception):
    """A saved scenario cannot be saved or read; the message says why, in plain words."""


class ScenarioExists(ScenarioError):
    """Saving would replace a scenario of the same name."""


@dataclass
class Saved:
    id: str
    name: str
    values: dict[str, Any]  # URL key -> value, as the page's controls hold them
    revenue: pd.DataFrame | None = None  # model.revenue_table columns (edited or not)
    mix: pd.DataFrame | None = None  # model.mix_table columns
    saved_at: str = ""
    as_of: str = ""
    changed: list[str] = field(default_factory=list)  # assumption names that differ from the sourced data


def directory() -> Path:
    raw = os.environ.get(ENV, "").strip()
    return Path(raw).expanduser() if raw else ROOT / "data" / "scenarios"


def to_id(name: str) -> str:
    """'My scenario #1' -> 'my-scenario-1'. Raises ScenarioError if nothing usable is left."""
    text = re.sub(r"[^a-z0-9_-]+", "-", str(name).strip().lower()).strip("-_")[:MAX_NAME].strip("-_")
    if not text:
        raise ScenarioError("Give the scenario a name with at least one letter or digit.")
    return text


def clean_name(name: str) -> str:
    """The display name: printable, one line, at most MAX_NAME characters."""
    text = " ".join("".join(ch for ch in str(name) if ch.isprintable()).split())[:MAX_NAME]
    to_id(text)  # must give an id
    return text


def _path(scenario_id: str, folder: Path | None = None) -> Path:
    if not ID_RE.fullmatch(scenario_id or ""):
        raise ScenarioError(f"`{str(scenario_id)[:60]}` is not a saved-scenario name.")
    return (folder or directory()) / f"{scenario_id}.json"


def list_ids(folder: Path | None = None) -> list[str]:
    """Ids of the saved scenarios, sorted (files only; they are read when opened)."""
    folder = folder or directory()
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(n[:-5] for n in names if n.endswith(".json") and ID_RE.fullmatch(n[:-5]))


def _frame(records: Any, what: str) -> pd.DataFrame | None:
    if records is None:
        return None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ScenarioError(f"its {what} table is not a list of rows")
    return pd.DataFrame(records)


def save(name: str, values: dict[str, Any], revenue: pd.DataFrame | None = None, mix: pd.DataFrame | None = None,
         *, as_of: str = "", changed: list[str] | None = None, overwrite: bool = False,
         folder: Path | None = None) -> Saved:
    """Write the scenario; raise ScenarioExists when the id is taken and overwrite is False."""
    display = clean_name(name)
    sid = to_id(display)
    folder = folder or directory()
    target = _path(sid, folder)
    saved = Saved(sid, display, dict(values), revenue, mix, datetime.now(UTC).replace(microsecond=0).isoformat(),
                  as_of, list(changed or []))
    payload = {
        "format": FORMAT, "id": sid, "name": display, "saved_at": saved.saved_at, "as_of": as_of,
        "values": {k: (v.item() if hasattr(v, "item") else v) for k, v in values.items()},
        "changed_assumptions": saved.changed,
        "revenue": None if revenue is None else json.loads(revenue.to_json(orient="records")),
        "mix": None if mix is None else json.loads(mix.to_json(orient="records")),
    }
    blob = json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{sid}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
                f.flush()
                os.fsync(f.fileno())
            if overwrite:
                os.replace(tmp, target)
            else:
                try:
                    os.link(tmp, target)  # fails if the name is taken, even in a race
                except FileExistsError:
                    raise ScenarioExists(f"A scenario called “{sid}” is already saved. Tick “Replace it” to "
                                         "overwrite it, or choose another name.") from None
                os.unlink(tmp)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except ScenarioError:
        raise
    except OSError as exc:
        raise ScenarioError(f"The scenario could not be written to {folder}: {exc.strerror or exc}.") from None
    return saved


def load(scenario_id: str, folder: Path | None = None) -> Saved:
    """Read a saved scenario; any problem becomes a ScenarioError with a readable reason."""
    path = _path(scenario_id, folder)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(f"The saved scenario “{scenario_id}” is too large to be one of ours.")
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"No saved scenario is called “{scenario_id}”.") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"The saved scenario “{scenario_id}” is not a text file; it may be corrupt.") from None
    except OSError as exc:
        raise ScenarioError(f"The saved scenario “{scenario_id}” could not be read: {exc.strerror or exc}.") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"The saved scenario “{scenario_id}” is corrupt (not valid JSON at line {exc.lineno}); "
                            "showing the sourced defaults instead. Save it again to replace it.") from None
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ScenarioError("it is not an overlap scenario file")
        values = data.get("values")
        if not isinstance(values, dict):
            raise ScenarioError("it has no slider values")
        return Saved(scenario_id, str(data.get("name") or scenario_id)[:MAX_NAME], values,
                     _frame(data.get("revenue"), "revenue"), _frame(data.get("mix"), "mix"),
                     str(data.get("saved_at", "")), str(data.get("as_of", "")),
                     [str(c) for c in data.get("changed_assumptions") or []])
    except ScenarioError as exc:
        raise ScenarioError(f"The saved scenario “{scenario_id}” is corrupt ({exc}); showing the sourced defaults "
                            "instead. Save it again to replace it.") from None
