"""Where the project's files live; the app and the tools agree on these."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CSV_DIR = DATA_DIR / "csv"
DEFAULT_DB = DATA_DIR / "market.duckdb"
QUERIES_DIR = ROOT / "queries"
DB_ENV_VAR = "DASHBOARD_DB"


def db_path() -> Path:
    """The DuckDB file the app reads: $DASHBOARD_DB if set, else the built default."""
    override = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(override).expanduser() if override else DEFAULT_DB


def using_default_db() -> bool:
    return not os.environ.get(DB_ENV_VAR, "").strip()
