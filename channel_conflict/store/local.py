"""Saved scenarios as JSON files in one folder (the default; one machine).

A save writes a temporary file, then hard-links it to `<id>.json`: the link fails if the name is
taken, so even two processes racing never replace a file. The count cap is checked under an
exclusive lock on `.lock` in the folder (and the saves of the last minute, by file mtime). Reads
open with O_NOFOLLOW | O_NONBLOCK and refuse anything but a regular file, so a FIFO or a symlink
planted in the folder cannot block or redirect.
"""
from __future__ import annotations

import errno
import fcntl
import logging
import os
import stat
import tempfile
import time
from datetime import datetime
from pathlib import Path

from .base import ID_RE, Entry, Limits, ScenarioError, Store

log = logging.getLogger(__name__)


class LocalStore(Store):
    kind = "local"

    def __init__(self, folder: Path, limits: Limits):
        super().__init__(limits)
        self.folder = Path(folder)

    def _path(self, scenario_id: str) -> Path:
        return self.folder / f"{scenario_id}.json"

    def _entries(self):
        """Regular `<id>.json` files (not followed through symlinks), with their mtimes."""
        try:
            it = os.scandir(self.folder)
        except FileNotFoundError:
            return
        with it:
            for e in it:
                if e.name.endswith(".json") and ID_RE.fullmatch(e.name[:-5]):
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISREG(st.st_mode):
                        yield e.name[:-5], st.st_mtime

    def count(self) -> int:
        return sum(1 for _ in self._entries())

    def exists(self, scenario_id: str) -> bool:
        try:
            return stat.S_ISREG(os.lstat(self._path(scenario_id)).st_mode)
        except OSError:
            return False

    def _recent(self, limit: int, query: str) -> list[Entry]:
        found = [Entry(sid, mtime) for sid, mtime in self._entries() if not query or query in sid]
        found.sort(key=lambda e: (-e.saved_at, e.id))
        return found[:limit]

    def _insert(self, scenario_id: str, name: str, saved_at: datetime, blob: bytes) -> bool:
        target = self._path(scenario_id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock_fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            log.error("scenario store %s: %s", self.folder, exc)
            raise ScenarioError("write_failed", str(exc)) from None
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            since = time.time() - 60
            mtimes = [mtime for _, mtime in self._entries()]
            self._check_totals(len(mtimes), sum(1 for m in mtimes if m > since))
            fd, tmp = tempfile.mkstemp(prefix=".tmp.", suffix=".part", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(blob)
                    f.flush()
                    os.fsync(f.fileno())
                try:
                    os.link(tmp, target)  # never replaces: fails if the id exists, even in a race
                except FileExistsError:
                    return False
                return True
            finally:
                os.unlink(tmp)
        except ScenarioError:
            raise
        except OSError as exc:
            log.error("scenario store %s: %s", self.folder, exc)
            raise ScenarioError("write_failed", str(exc)) from None
        finally:
            os.close(lock_fd)  # releases the flock

    def _read(self, scenario_id: str) -> bytes:
        limit = self.limits.max_bytes
        try:
            fd = os.open(self._path(scenario_id), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
        except FileNotFoundError:
            raise ScenarioError("not_found", id=scenario_id) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symlink
                raise ScenarioError("not_regular", id=scenario_id) from None
            log.error("scenario %s: %s", scenario_id, exc)
            raise ScenarioError("unreadable", str(exc), id=scenario_id) from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ScenarioError("not_regular", id=scenario_id)
            if st.st_size > limit:
                raise ScenarioError("too_large", id=scenario_id, limit=f"{limit // 1024} KB")
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(fd, limit + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks)
        except OSError as exc:
            log.error("scenario %s: %s", scenario_id, exc)
            raise ScenarioError("unreadable", str(exc), id=scenario_id) from None
        finally:
            os.close(fd)
