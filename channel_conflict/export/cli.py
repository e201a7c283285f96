"""`python -m channel_conflict export`: a page's chart pack without a browser session.

    python -m channel_conflict export --page overlap --params "rho=0.2&delta=0.1" --out DIR [--db PATH]
    python -m channel_conflict export --data --out DIR [--db PATH]   (see channel_conflict/export/data.py)

Writes the pack's files into DIR and the same files as DIR/<name>.zip (see --format).
Parameters are read with the app's own rules (channel_conflict.params.parse): a value the page
cannot use is reported as a warning and replaced by the nearest valid one (the default), and
the export goes on.

--out is checked before anything is rendered: it must be a folder (created if missing) that is
not a symbolic link and is writable, and it must not hold a file the pack would replace that this
command did not write (README.txt, scenario.json, *.png, *.svg, *.csv, channel-conflict-*.zip);
--force replaces such files. Files are written to temporary names and renamed into place, so a
symlink in the folder is replaced, never followed (see channel_conflict/export/outdir.py).

Exit codes: 0 written (possibly with warnings); 1 rendering failed, or an unexpected error (one
line on stderr, never a traceback); 2 unknown page, unreadable database, unusable --out or bad
arguments; 3 the page has no chart view yet; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs

from .. import db, registry
from ..paths import db_path
from .outdir import OutError, check_out, write_files
from .pack import DEFAULT_BASE_URL, Pack, PackError, build
from .render import Renderer, RenderError

GLOBAL_KEYS = registry.GLOBAL_KEYS  # link parameters the app understands that are not page controls
# What a chart pack may write into --out: a file by one of these names that this command did not
# write stops the export before rendering (unless --force).
PACK_NAMES = ("README.txt", "scenario.json")
PACK_PATTERNS = ("*.png", "*.svg", "*.csv", "channel-conflict-*.zip")
log = logging.getLogger("channel_conflict.export")


@dataclass
class ExportResult:
    code: int
    pack: Pack | None = None
    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""


def parse_query_string(text: str) -> dict[str, list[str]]:
    """'a=1&b=x&b=y' (a leading '?' or a whole URL is fine) -> {'a': ['1'], 'b': ['x', 'y']}."""
    text = (text or "").strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    return parse_qs(text.split("#", 1)[0], keep_blank_values=True)


def _plain(text: str) -> str:
    """A markdown message (escaped as the app shows it, see channel_conflict.text) as terminal text."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("`", "").replace("*", ""))


def _data_error(e: db.DataError) -> str:
    return f"{e.title}: {e.detail} {e.fix}" + (f" ({e.path})" if e.path else "")


class _DbQuery:
    """q(name, **params) on a read-only connection, caching each result for the run."""

    def __init__(self, con):
        self.con = con
        self.cache: dict = {}

    def __call__(self, name: str, **params):
        key = (name, tuple(sorted(params.items())))
        if key not in self.cache:
            self.cache[key] = db.run(self.con, name, params)
        return self.cache[key]


def export(page: str, params: str = "", out: Path | str = ".", db_file: Path | str | None = None,
           base_url: str = DEFAULT_BASE_URL, fmt: str = "both", renderer: Renderer | None = None,
           err: TextIO | None = None, force: bool = False) -> ExportResult:
    """Do what the command does; return the exit code and what was written (for tests and scripts)."""
    err = err or sys.stderr
    out = Path(out).expanduser()
    try:  # before any rendering: a bad --out must not cost a minute of work
        check_out(out, PACK_NAMES if fmt != "zip" else (),
                  PACK_PATTERNS if fmt != "zip" else PACK_PATTERNS[-1:], force=force)
    except OutError as e:
        return _fail(err, 2, str(e))
    path = Path(db_file).expanduser() if db_file else db_path()
    try:
        con = db.open_readonly(path)
    except db.DataError as e:
        return _fail(err, 2, _data_error(e))
    try:
        db.check_schema(con, path)
        t0 = time.perf_counter()
        pack = build(page, _DbQuery(con), query=parse_query_string(params), known_extra=GLOBAL_KEYS,
                     base_url=base_url, renderer=renderer)
    except PackError as e:
        return _fail(err, e.code, str(e))
    except db.DataError as e:
        return _fail(err, 2, _data_error(e))
    except RenderError as e:
        return _fail(err, 1, str(e))
    finally:
        con.close()
    warnings = pack.scenario["warnings"]
    for w in warnings:
        print(f"warning: {_plain(w)}", file=err)
    try:
        written = _write(pack, out, fmt, force)
    except OutError as e:
        return _fail(err, 2, str(e))
    except OSError as e:
        return _fail(err, 2, f"--out {out} could not be written: {e.strerror or e}.")
    seconds = time.perf_counter() - t0
    print(f"{pack.scenario['title']} chart pack: {len(pack.scenario['charts'])} chart(s), "
          f"{sum(len(b) for b in pack.files.values()) // 1024} KB, {seconds:.1f} s -> {out}", file=err)
    return ExportResult(0, pack, written, warnings)


def _write(pack: Pack, out: Path, fmt: str, force: bool = False) -> list[Path]:
    files = dict(pack.files) if fmt in ("files", "both") else {}
    if fmt in ("zip", "both"):
        files[pack.zip_name] = pack.zip_bytes()
    return write_files(files, out, force=force)


def _fail(err: TextIO, code: int, message: str) -> ExportResult:
    print(f"error: {message}", file=err)
    return ExportResult(code, message=message)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m channel_conflict",
                                 description="Tools for the channel-conflict dashboard.")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="write a page's chart pack (PNG, SVG, CSV, scenario.json)",
                        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("--page", help=f"one of: {', '.join(p.key for p in registry.PAGES if p.pack)}")
    ex.add_argument("--data", action="store_true",
                    help="instead of a page: every table as CSV and Parquet, dictionary.csv and the DB file")
    ex.add_argument("--params", default="", help='the page\'s link parameters, e.g. "firm=Canalys" (as in its URL)')
    ex.add_argument("--out", required=True, type=Path, help="folder to write into (created if missing)")
    ex.add_argument("--db", type=Path, default=None, help="DuckDB file (default: $DASHBOARD_DB or data/market.duckdb)")
    ex.add_argument("--base-url", default=DEFAULT_BASE_URL, help="where the app is served, for the reopen link")
    ex.add_argument("--format", dest="fmt", choices=("files", "zip", "both"), default="both",
                    help="loose files, one zip, or both (default)")
    ex.add_argument("--force", action="store_true",
                    help="replace files in --out that this command did not write (it never follows symlinks)")
    return ap


def main(argv: list[str] | None = None, renderer: Renderer | None = None) -> int:
    """The command; never lets a traceback reach the terminal (see the exit codes above)."""
    try:
        return _main(argv, renderer)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the user, the details for a log if one is set up
        log.debug("export failed", exc_info=True)
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"error: unexpected {type(exc).__name__}{': ' + first if first else ''}", file=sys.stderr)
        return 1


def _main(argv: list[str] | None, renderer: Renderer | None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on bad arguments, 0 on --help
        return int(e.code or 0)
    if args.command == "export" and args.data == bool(args.page):
        print("error: give either --page PAGE or --data", file=sys.stderr)
        return 2
    if args.command == "export" and args.data:
        from .data import export_data

        return export_data(args.out, args.db, force=args.force)
    if args.command == "export":
        return export(args.page, args.params, args.out, args.db, args.base_url, args.fmt, renderer=renderer,
                      force=args.force).code
    return 2
