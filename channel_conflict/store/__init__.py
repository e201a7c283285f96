"""Saved overlap scenarios (slider values and edited assumption tables), so a link
`?scenario=<id>` reopens one after a restart, on any replica. No Streamlit here: the page, the
view and the CLI all read them.

`get()` is the store the environment configures:

- SCENARIO_STORE: empty (default) for JSON files in $DASHBOARD_SCENARIOS_DIR or data/scenarios/
  (git-ignored); `postgresql://user@host/db` (or `postgres://`) for a database every replica shares.
- SCENARIO_SAVING=off: a read-only deployment. Saved scenarios still open; nothing new is saved.
- SCENARIO_MAX_COUNT (5000), SCENARIO_MAX_BYTES (65536), SCENARIO_SESSION_SAVES (5 per
  SCENARIO_SESSION_WINDOW = 600 s), SCENARIO_SAVES_PER_MINUTE (60, all sessions together): the
  caps. Each, when hit, refuses with a message that says so.

Saves are immutable (a new id per save, never a replacement); see store.base for the rules.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from ..paths import ROOT
from .base import (
    FORMAT,
    ID_RE,
    MAX_NAME,
    Entry,
    Limits,
    Saved,
    ScenarioError,
    Store,
    check_id,
    clean_name,
    slug,
)

__all__ = ["ENV", "FORMAT", "ID_RE", "MAX_NAME", "STORE_ENV", "SAVING_ENV", "LIMIT_ENVS", "Entry", "Limits", "Saved",
           "ScenarioError", "Store", "check_id", "clean_name", "directory", "get", "limits", "slug"]

ENV = "DASHBOARD_SCENARIOS_DIR"
STORE_ENV = "SCENARIO_STORE"
SAVING_ENV = "SCENARIO_SAVING"
OFF = {"off", "0", "false", "no", "read-only", "readonly"}

_stores: dict[tuple, Store] = {}
_lock = threading.Lock()


def directory() -> Path:
    raw = os.environ.get(ENV, "").strip()
    return Path(raw).expanduser() if raw else ROOT / "data" / "scenarios"


def _int_env(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, "").strip() or default))
    except ValueError:
        return default


# Limits field -> the operator's environment variable for it.
LIMIT_ENVS = {"max_count": "SCENARIO_MAX_COUNT", "max_bytes": "SCENARIO_MAX_BYTES",
              "session_saves": "SCENARIO_SESSION_SAVES", "window": "SCENARIO_SESSION_WINDOW",
              "saves_per_minute": "SCENARIO_SAVES_PER_MINUTE"}


def limits() -> Limits:
    d = Limits()
    caps = {field: type(getattr(d, field))(_int_env(env, int(getattr(d, field)))) for field, env in LIMIT_ENVS.items()}
    return Limits(saving=os.environ.get(SAVING_ENV, "").strip().lower() not in OFF, **caps)


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def get() -> Store:
    """The configured store, one per configuration and process (its rate counts live in it)."""
    target = os.environ.get(STORE_ENV, "").strip()
    lim = limits()
    key = (target, str(directory()) if not is_postgres(target) else "", lim)
    with _lock:
        store = _stores.get(key)
        if store is None:
            if is_postgres(target):
                from .postgres import PostgresStore

                store = PostgresStore(target, lim)
            else:
                from .local import LocalStore

                store = LocalStore(Path(target).expanduser() if target else directory(), lim)
            _stores[key] = store
        return store
