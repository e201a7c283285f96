"""Where the command line writes: checked before any work, written without following links.

`check_out(out, ...)` runs before rendering: the path must be a folder (or creatable), not a symbolic
link, writable, and hold no file the command would overwrite that it did not write itself (unless
`force`). `write_files(files, out, ...)` writes through a descriptor of the folder opened with
O_NOFOLLOW, each file into a fresh temporary name (O_EXCL) then renamed over its target: a symlink
planted in the folder is replaced, never followed, and a reader never sees half a file. A manifest
in the folder records what was written (name and SHA-256), so a re-run may replace its own files,
but not one a person has since edited or put there. Used by `export --page` and usable by any
other export (pass another manifest name).
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

MANIFEST = ".channel-conflict-export"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class OutError(Exception):
    """--out cannot be used; the message says why and what to do."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path, manifest: str = MANIFEST) -> dict[str, str]:
    """name -> sha256 of the files an earlier run wrote into `out` ({} when none or unreadable)."""
    path = Path(out) / manifest
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _ours(out: Path, name: str, manifest: dict[str, str]) -> bool:
    """True when `out/name` is a file this command wrote and nobody changed since."""
    path = out / name
    if name not in manifest or path.is_symlink() or not path.is_file():
        return False
    try:
        return _sha(path.read_bytes()) == manifest[name]
    except OSError:
        return False


def check_out(out: Path | str, names: Iterable[str] = (), patterns: Iterable[str] = (), force: bool = False,
              manifest: str = MANIFEST) -> None:
    """Raise OutError unless files named `names` (or matching the glob `patterns`) can be written into `out`."""
    out = Path(out)
    if out.is_symlink():
        raise OutError(f"--out {out} is a symbolic link; give the real folder (links are never followed).")
    if out.exists() and not out.is_dir():
        raise OutError(f"--out {out} exists and is not a folder; give a folder (it is created if missing).")
    if not out.exists():
        parent = out.absolute().parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise OutError(f"--out {out} cannot be created: {parent} is not a writable folder.")
        return
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutError(f"--out {out} is not writable by this user.")
    if force:
        return
    ours = read_manifest(out, manifest)
    names, patterns = set(names), list(patterns)
    clashes = []
    for entry in sorted(os.listdir(out)):
        if entry == manifest or not (entry in names or any(fnmatch.fnmatch(entry, p) for p in patterns)):
            continue
        if not _ours(out, entry, ours):
            clashes.append(entry)
    if clashes:
        shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
        raise OutError(f"--out {out} already holds {shown}, not written by this command (or changed since); "
                       "choose an empty or new folder, or pass --force to replace them.")


def write_files(files: Mapping[str, bytes], out: Path | str, force: bool = False,
                manifest: str = MANIFEST) -> list[Path]:
    """Write `files` (name -> bytes; plain names, no folders) into `out`; see the module docstring."""
    out = Path(out)
    check_out(out, files, force=force, manifest=manifest)
    for name in files:
        if not name or "/" in name or name in (".", "..") or name == manifest:
            raise OutError(f"refusing to write a file named {name!r}")
    out.mkdir(parents=True, exist_ok=True)
    try:
        dfd = os.open(out, os.O_RDONLY | DIRECTORY | NOFOLLOW)
    except OSError as exc:
        raise OutError(f"--out {out} cannot be opened as a folder: {exc.strerror}.") from None
    written: list[Path] = []
    try:
        record = read_manifest(out, manifest)
        for name, data in files.items():
            _atomic_write(dfd, name, data)
            record[name] = _sha(data)
            written.append(out / name)
        _atomic_write(dfd, manifest, json.dumps(record, indent=1, sort_keys=True).encode("utf-8"))
    finally:
        os.close(dfd)
    return written


def _atomic_write(dfd: int, name: str, data: bytes) -> None:
    tmp = f".{name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644, dir_fd=dfd)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)  # replaces a symlink, never writes through it
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dfd)
        except OSError:
            pass
        raise
