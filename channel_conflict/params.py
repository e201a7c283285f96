"""A page's controls described as data, so the app (as URL-bound widgets) and the command
line (from a query string) read and check them the same way."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import i18n
from .text import code, md

MAX_SHOWN = 60


@dataclass(frozen=True)
class Param:
    key: str
    label: str
    kind: str  # "float", "int", "choice", "multi", "bool", "int_range"
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple = ()
    help: str = ""
    # slider (numbers), select / segmented / radio / slider (choice), multiselect / pills (multi), toggle
    widget: str = ""
    format: str | None = None  # slider/number display format, e.g. "%d%%"
    labels: Mapping[Any, str] = field(default_factory=dict)  # option -> display label
    # What an empty multiselect says (the shared [link] choose where a Param has none).
    placeholder: str = ""
    # Further strings a link may carry for an option (its label in another language): links keep working
    # whichever language their sender used.
    aliases: Mapping[str, Any] = field(default_factory=dict)

    def with_options(self, options: Sequence, default: Any | None = None) -> Param:
        return replace(self, options=tuple(options), default=self.default if default is None else default)

    def label_of(self, option: Any) -> str:
        return self.labels.get(option, str(option))


def _why(code: str, **values) -> i18n.Message:
    """Why a link's value could not be used: a [link.why] code and its values, said in the page's
    language where it is shown (parse); English as str."""
    return i18n.Message(f"link.why.{code}", **values)


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _number(raw: str, p: Param) -> tuple[Any, i18n.Message | None]:
    try:
        x = float(raw)
    except ValueError:
        return p.default, _why("not_number")
    if not math.isfinite(x):
        return p.default, _why("not_finite")
    if p.kind in ("int", "int_range") and x != int(x):
        return p.default, _why("not_whole")
    if (p.min is not None and x < p.min) or (p.max is not None and x > p.max):
        return p.default, _why("outside", lo=f"{p.min:g}", hi=f"{p.max:g}")
    return (int(x) if p.kind in ("int", "int_range") else x), None


def parse_one(p: Param, raw: list[str]) -> tuple[Any, i18n.Message | None]:
    """The value a link asks for, or the default and why it could not be used."""
    if not raw:
        return p.default, None
    if p.kind in ("float", "int"):
        if len(raw) != 1:
            return p.default, _why("repeated")
        return _number(raw[0], p)
    if p.kind == "int_range":
        if len(raw) != 2:
            return p.default, _why("needs_two")
        lo, e1 = _number(raw[0], p)
        hi, e2 = _number(raw[1], p)
        if e1 or e2:
            return p.default, e1 or e2
        return (min(lo, hi), max(lo, hi)), None
    if p.kind == "bool":
        if len(raw) == 1 and raw[0].lower() in ("true", "false"):
            return raw[0].lower() == "true", None
        return p.default, _why("not_bool")
    by_label = dict(p.aliases) | {p.label_of(o): o for o in p.options} | {str(o): o for o in p.options}
    if p.kind == "choice":
        if len(raw) == 1 and raw[0] in by_label:
            return by_label[raw[0]], None
        return p.default, _why("not_option")
    if p.kind == "multi":
        picked = [by_label[r] for r in dict.fromkeys(raw) if r in by_label]
        if len(picked) != len(set(raw)):
            return picked or p.default, _why("not_options")
        return picked, None
    raise ValueError(f"unknown kind {p.kind}")


def parse(params: Sequence[Param], query: Mapping[str, Sequence[str]],
          known_extra: set[str] = frozenset(), lang: str = "en") -> tuple[dict[str, Any], list[str]]:
    """Values for every parameter from a query mapping (key -> list of raw strings).

    Missing keys take their default; bad values take the default with a message; keys
    no parameter knows are listed. Never raises on user input. `lang` is the language of the
    messages ('en' or 'zh-TW'; the CLI's are English).
    """
    values: dict[str, Any] = {}
    problems: list[str] = []
    keys = {p.key for p in params}
    for p in params:
        raw = [str(r) for r in query.get(p.key, [])]
        value, why = parse_one(p, raw)
        values[p.key] = value
        # Echoed values are markdown-inert (text.code / text.md): a link cannot smuggle in a link,
        # an image or markup by closing the code span early.
        pair = code(f"{p.key}={_short(', '.join(raw))}")
        if why:
            problems.append(i18n.t("link.why.problem", lang, pair=pair, why=i18n.say(why, lang), label=md(p.label),
                                   value=md(display(p, value, lang))))
    unknown = sorted(k for k in query if k not in keys and k not in known_extra)
    if unknown:
        listed = ", ".join(code(_short(k)) for k in unknown[:8]) + (" …" if len(unknown) > 8 else "")
        problems.append(i18n.t("link.why.ignored", lang, keys=listed))
    return values, problems


def display(p: Param, value: Any, lang: str = "en") -> str:
    if isinstance(value, (list, tuple)):
        return i18n.join((p.label_of(v) for v in value), lang) or i18n.t("link.why.none", lang)
    return p.label_of(value)


def to_query(params: Sequence[Param], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The query string for `values`, leaving out defaults (as Streamlit's binding does)."""
    out: dict[str, list[str]] = {}
    for p in params:
        v = values.get(p.key, p.default)
        if v == p.default or (isinstance(v, (list, tuple)) and list(v) == list(p.default)):
            continue
        if isinstance(v, (list, tuple)):
            out[p.key] = [p.label_of(x) if p.kind == "multi" else str(x) for x in v]
        elif isinstance(v, bool):
            out[p.key] = [str(v).lower()]
        elif p.kind in ("choice",):
            out[p.key] = [p.label_of(v)]
        else:
            out[p.key] = [f"{v:g}" if isinstance(v, float) else str(v)]
    return out
