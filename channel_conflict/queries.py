"""Named SQL: one file per query under queries/, loaded by name, run with bound parameters."""
from functools import cache

from .paths import QUERIES_DIR


class UnknownQuery(KeyError):
    pass


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


@cache
def sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    # Names come from our code, never from users; the check keeps a typo from reading elsewhere.
    if not name.replace("_", "").isalnum() or not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


def parameters(name: str) -> list[str]:
    """The $name parameters a query binds, in order of first use."""
    import re

    seen: list[str] = []
    for p in re.findall(r"\$([a-z_][a-z0-9_]*)", sql(name)):
        if p not in seen:
            seen.append(p)
    return seen

