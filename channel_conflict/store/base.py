"""What every scenario store does, whatever holds the bytes: names and ids, caps, checks.

A backend only stores and fetches blobs by id (`_insert`, `_read`, `_recent`, `count`); the rules
live here so the local folder and PostgreSQL behave the same:

- saves are immutable: each save gets a fresh id (a readable slug of the name plus a short random
  suffix) and is inserted only if that id is free, so no save ever changes an existing scenario;
- caps: total count (checked by the backend under a lock, with the insert), bytes per scenario,
  and saves per session in a time window;
- loading parses at most `max_bytes`, refuses JSON nested deeper than MAX_DEPTH before parsing
  it (no RecursionError) and checks every field's type, so a planted file cannot hang or crash a page.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
import unicodedata
from abc import ABC, abstractmethod
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from .. import i18n

log = logging.getLogger(__name__)

FORMAT = "channel-conflict overlap scenario v1"
MAX_NAME = 60
SLUG_MAX = 40
SUFFIX_LEN = 6
SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
MAX_DEPTH = 8  # a scenario is {values: {...}, revenue: [{...}]}: depth 3; anything far deeper is not ours
MAX_ITEMS = 200  # keys in `values`, rows in a table, names in `changed`
MAX_TEXT = 200  # characters in one string value
# Letters and digits of any script and single hyphens: safe as a file name, in a URL and in markdown.
ID_RE = re.compile(r"^[^\W_](?:[^\W_]|-(?!-)){0,79}$")


class ScenarioError(Exception):
    """A scenario cannot be saved or read. `key` names the message in i18n [store]; str() is English."""

    def __init__(self, key: str, detail: str = "", **kwargs: Any):
        self.key, self.kwargs, self.detail = key, kwargs, detail
        super().__init__(self.message())

    def message(self, lang: str = i18n.DEFAULT) -> str:
        return i18n.t(f"store.{self.key}", lang, **self.kwargs)


@dataclass(frozen=True)
class Limits:
    saving: bool = True  # False: a read-only deployment (SCENARIO_SAVING=off)
    max_count: int = 5000
    max_bytes: int = 64 * 1024
    session_saves: int = 5  # per session in `window` seconds
    window: float = 600.0
    saves_per_minute: int = 60  # by everyone together: a script opening fresh sessions is slowed too


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


@dataclass(frozen=True)
class Entry:
    """One line of the saved-scenario list (no body read)."""
    id: str
    saved_at: float  # unix time


def slug(text: str) -> str:
    """'My scenario #1' -> 'my-scenario-1', '中文 A' -> '中文-a'; '' when nothing usable is left."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = re.sub(r"[\W_]+", "-", text).strip("-")
    return text[:SLUG_MAX].strip("-")


def clean_name(name: str) -> str:
    """The display name: printable, one line, at most MAX_NAME characters, with a usable slug."""
    text = " ".join("".join(ch for ch in str(name) if ch.isprintable()).split())[:MAX_NAME]
    if not slug(text):
        raise ScenarioError("name_empty")
    return text


def new_id(name: str) -> str:
    return f"{slug(name)}-{''.join(secrets.choice(SUFFIX_ALPHABET) for _ in range(SUFFIX_LEN))}"


def check_id(scenario_id: Any) -> str:
    if not isinstance(scenario_id, str) or not ID_RE.fullmatch(scenario_id):
        raise ScenarioError("bad_id")  # the id itself is not echoed: it came from a link
    return scenario_id


def depth_ok(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when no array/object in the JSON text is nested deeper than `limit` (strings skipped)."""
    if text.count("[") + text.count("{") <= limit:
        return True
    depth, in_str, esc = 0, False, False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, bool | int | float) or (isinstance(v, str) and len(v) <= MAX_TEXT)


def _table(records: Any) -> pd.DataFrame | None:
    if records is None:
        return None
    if (not isinstance(records, list) or len(records) > MAX_ITEMS
            or not all(isinstance(r, dict) and len(r) <= MAX_ITEMS and all(isinstance(k, str) and _scalar(v)
                                                                           for k, v in r.items())
                       for r in records)):
        raise ValueError("a table is not a list of rows of plain values")
    return pd.DataFrame(records)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number we write")


def parse(scenario_id: str, blob: bytes, max_bytes: int) -> Saved:
    """Bytes from a backend -> Saved, or ScenarioError. Bounded work whatever the bytes are."""
    if len(blob) > max_bytes:
        raise ScenarioError("too_large", id=scenario_id, limit=f"{max_bytes // 1024} KB")
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError("corrupt", "not UTF-8 text", id=scenario_id) from None
    if not depth_ok(text):
        raise ScenarioError("too_deep", id=scenario_id)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not an overlap scenario file")
        values = data.get("values")
        if not isinstance(values, dict) or len(values) > MAX_ITEMS or not all(
                isinstance(k, str) and _scalar(v) for k, v in values.items()):
            raise ValueError("no slider values")
        changed = data.get("changed_assumptions") or []
        if not isinstance(changed, list) or len(changed) > MAX_ITEMS or not all(isinstance(c, str) for c in changed):
            raise ValueError("the list of changed assumptions is not a list of names")
        return Saved(scenario_id, str(data.get("name") or scenario_id)[:MAX_NAME], values,
                     _table(data.get("revenue")), _table(data.get("mix")),
                     str(data.get("saved_at", ""))[:40], str(data.get("as_of", ""))[:40], changed)
    except (ValueError, TypeError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise ScenarioError("corrupt", str(exc), id=scenario_id) from None


class RateLimit:
    """Saves per session in a sliding window, in this process (a session stays on one replica)."""

    MAX_SESSIONS = 10_000

    def __init__(self, count: int, window: float, clock=time.monotonic):
        self.count, self.window, self._clock = count, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, session: str, now: float) -> deque[float]:
        times = self._seen.setdefault(session, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def check(self, session: str) -> None:
        now = self._clock()
        with self._lock:
            times = self._recent(session, now)
            if len(times) >= self.count:
                wait = max(1, int(times[0] + self.window - now) + 1)
                raise ScenarioError("rate", count=self.count, minutes=f"{self.window / 60:g}", wait=wait)

    def record(self, session: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._seen) >= self.MAX_SESSIONS:  # forget sessions with nothing in the window
                for key in [k for k, v in self._seen.items() if not v or v[-1] <= now - self.window]:
                    del self._seen[key]
            self._recent(session, now).append(now)


class Store(ABC):
    """Saved scenarios: save (immutable, capped), load (checked), recent (bounded list, search)."""

    kind = "?"
    RECENT_TTL = 3.0  # seconds a list is reused: the page asks on every slider move

    def __init__(self, limits: Limits):
        self.limits = limits
        self.rate = RateLimit(limits.session_saves, limits.window)
        self._cache: dict[tuple, tuple[float, list[Entry]]] = {}
        self._loaded: OrderedDict[str, Saved] = OrderedDict()  # saves never change, so a load can be kept
        self._cache_lock = threading.Lock()

    # --- what a backend provides -----------------------------------------------------------
    @abstractmethod
    def _insert(self, scenario_id: str, name: str, saved_at: datetime, blob: bytes) -> bool:
        """Store the blob under a new id; False if the id is taken. Checked atomically with the
        insert (self._check_totals): ScenarioError('full') at max_count, ('busy') at saves_per_minute."""

    @abstractmethod
    def _read(self, scenario_id: str) -> bytes:
        """At most limits.max_bytes + 1 bytes of the scenario; ScenarioError('not_found'|'not_regular'|...)."""

    @abstractmethod
    def _recent(self, limit: int, query: str) -> list[Entry]:
        """The `limit` newest entries whose id contains `query` (already a slug; '' for all)."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def exists(self, scenario_id: str) -> bool: ...

    def close(self) -> None:  # noqa: B027 - optional for backends without a connection
        pass

    # --- the rules -------------------------------------------------------------------------
    def _check_totals(self, total: int, last_minute: int) -> None:
        if total >= self.limits.max_count:
            raise ScenarioError("full", limit=f"{self.limits.max_count:,}")
        if last_minute >= self.limits.saves_per_minute:
            raise ScenarioError("busy", count=self.limits.saves_per_minute)

    def save(self, name: str, values: dict[str, Any], revenue: pd.DataFrame | None = None,
             mix: pd.DataFrame | None = None, *, as_of: str = "", changed: list[str] | None = None,
             session: str | None = None) -> Saved:
        """Save as a new scenario. `session` (the visitor's session id) is rate-limited; None is
        a trusted caller (tests, operator scripts)."""
        if not self.limits.saving:
            raise ScenarioError("save_off")
        display = clean_name(name)
        if session is not None:
            self.rate.check(session)
        now = datetime.now(UTC)  # the backend keeps microseconds: the newest-first order of quick saves
        payload = {
            "format": FORMAT, "id": "", "name": display,
            "saved_at": now.replace(microsecond=0).isoformat(), "as_of": as_of,
            "values": {k: (v.item() if hasattr(v, "item") else v) for k, v in values.items()},
            "changed_assumptions": list(changed or []),
            "revenue": None if revenue is None else json.loads(revenue.to_json(orient="records")),
            "mix": None if mix is None else json.loads(mix.to_json(orient="records")),
        }
        for _ in range(8):  # a suffix collision is one in two billion; retry anyway
            sid = new_id(display)
            payload["id"] = sid
            blob = json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8")
            if len(blob) > self.limits.max_bytes:
                raise ScenarioError("save_too_large", size=f"{len(blob) // 1024 + 1} KB",
                                    limit=f"{self.limits.max_bytes // 1024} KB")
            if self._insert(sid, display, now, blob):
                break
        else:
            raise ScenarioError("write_failed", "no free id after 8 tries")
        if session is not None:
            self.rate.record(session)
        with self._cache_lock:
            self._cache.clear()
        return parse(sid, blob, self.limits.max_bytes)

    LOADED_MAX = 128  # scenarios kept parsed in memory (a few KB each)

    def load(self, scenario_id: str) -> Saved:
        """The saved scenario (treat it as read-only). The page asks on every slider move; a save is
        immutable, so each id is read and checked once and then kept (failures are not kept)."""
        sid = check_id(scenario_id)
        with self._cache_lock:
            if sid in self._loaded:
                self._loaded.move_to_end(sid)
                return self._loaded[sid]
        saved = parse(sid, self._read(sid), self.limits.max_bytes)
        with self._cache_lock:
            self._loaded[sid] = saved
            while len(self._loaded) > self.LOADED_MAX:
                self._loaded.popitem(last=False)
        return saved

    def recent(self, limit: int = 30, query: str = "") -> list[Entry]:
        """The newest `limit` scenarios, or those whose name matches `query` (as its slug)."""
        q = slug(query) if query else ""
        if query and not q:
            return []
        key = (limit, q)
        now = time.monotonic()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit and now - hit[0] < self.RECENT_TTL:
                return hit[1]
        entries = self._recent(limit, q)
        with self._cache_lock:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = (now, entries)
        return entries
