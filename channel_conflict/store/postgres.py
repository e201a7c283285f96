"""Saved scenarios in PostgreSQL (SCENARIO_STORE=postgresql://...), shared by every replica.

Same rules as the local folder (store.base): an insert never replaces a row (ON CONFLICT DO
NOTHING, and a trigger refuses UPDATE), the count cap is checked under a transaction-scoped
advisory lock together with the insert, reads fetch a body only within the size limit. One
connection per process, used under a lock and reopened once if the server dropped it; statements
time out after a few seconds so a stuck database never holds a page. SQL lives in store/sql/.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from functools import cache
from pathlib import Path

from .base import Entry, Limits, ScenarioError, Store

log = logging.getLogger(__name__)
SQL_DIR = Path(__file__).parent / "sql"
STATEMENT_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 5
RETRY_AFTER_S = 10.0  # after a failed connect, answer "unavailable" at once for this long


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class PostgresStore(Store):
    kind = "postgresql"

    def __init__(self, dsn: str, limits: Limits):
        super().__init__(limits)
        self.dsn = dsn
        self._con = None
        self._lock = threading.Lock()
        self._ready = False
        self._down_until = 0.0

    def _connect(self):
        import psycopg

        con = psycopg.connect(self.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                              application_name="channel-conflict")
        if not self._ready:
            with con.transaction():
                con.execute(sql("lock"))
                con.execute(sql("schema"))
            self._ready = True
        return con

    def _run(self, fn, what: str, **kw):
        """fn(connection) under the lock; a dropped connection is reopened once. Database trouble
        becomes ScenarioError(what) and the server log gets the detail (never the visitor)."""
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._con is None or self._con.closed:
                        if time.monotonic() < self._down_until:  # no connect timeout on every rerun
                            raise ScenarioError(what, "database recently unreachable", **kw)
                        try:
                            self._con = self._connect()
                        except psycopg.OperationalError as exc:
                            self._down_until = time.monotonic() + RETRY_AFTER_S
                            log.error("scenario store (postgresql) unreachable: %s", exc)
                            raise ScenarioError(what, str(exc), **kw) from None
                    return fn(self._con)
                except ScenarioError:
                    raise
                except psycopg.OperationalError as exc:
                    self._drop()
                    if attempt == 2:
                        log.error("scenario store (postgresql): %s", exc)
                        raise ScenarioError(what, str(exc), **kw) from None
                except psycopg.Error as exc:
                    log.error("scenario store (postgresql): %s", exc)
                    self._drop()
                    raise ScenarioError(what, str(exc), **kw) from None
        raise AssertionError("unreachable")

    def _drop(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
        self._con = None

    def close(self) -> None:
        with self._lock:
            self._drop()

    def count(self) -> int:
        return self._run(lambda con: con.execute(sql("count")).fetchone()[0], "unavailable")

    def exists(self, scenario_id: str) -> bool:
        return self._run(lambda con: con.execute(sql("exists"), {"id": scenario_id}).fetchone() is not None,
                         "unavailable")

    def _recent(self, limit: int, query: str) -> list[Entry]:
        rows = self._run(lambda con: con.execute(sql("recent"), {"query": query, "limit": limit}).fetchall(),
                         "unavailable")
        return [Entry(sid, float(ts)) for sid, ts in rows]

    def _insert(self, scenario_id: str, name: str, saved_at: datetime, blob: bytes) -> bool:
        def insert(con) -> bool:
            with con.transaction():
                con.execute(sql("lock"))
                self._check_totals(*con.execute(sql("totals")).fetchone())
                row = con.execute(sql("insert"), {"id": scenario_id, "name": name, "saved_at": saved_at,
                                                  "body": blob}).fetchone()
            return row is not None

        return self._run(insert, "write_failed")

    def _read(self, scenario_id: str) -> bytes:
        limit = self.limits.max_bytes
        row = self._run(lambda con: con.execute(sql("read"), {"id": scenario_id, "limit": limit}).fetchone(),
                        "unreadable", id=scenario_id)
        if row is None:
            raise ScenarioError("not_found", id=scenario_id)
        size, body = row
        if body is None:
            raise ScenarioError("too_large", id=scenario_id, limit=f"{limit // 1024} KB")
        return bytes(body)
