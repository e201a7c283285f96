"""Escaping for echoed text: every value that comes from a link, a key, a scenario name or the
database goes through one of these before it lands in markdown or a Plotly figure, so it can never
make a link, an image or markup.

- `md(value)`: plain text inside Streamlit markdown (st.markdown, captions, notices, labels).
  Every ASCII punctuation character is backslash-escaped (CommonMark allows that for all of
  them), which also breaks GFM's bare-URL autolinks (`https\\://`, `www\\.`, `a\\@b`), and line
  breaks become spaces so a value cannot start a heading, list or table.
- `code(value)`: the value as one inline code span whose fence is longer than any backtick run
  inside it, so a backtick cannot close the span early.
- `plotly(value)`: a value inside Plotly text (titles, annotations, hover labels, trace names):
  `&`, `<` and `>` become entities, which Plotly shows as characters and never parses as tags;
  `%{` cannot start a hover-template field.
- `sanitize_plotly(text)`: the safety net `charts.base.finish` runs over every string in a figure:
  tags the charts write themselves (`<br>`, `<b>`, `<i>`, `<sup>`, `<sub>`, `<extra>`, the
  subtitle's `<span style=...>`) stay; any other tag (`<a href>`, `<img>`, other styles) is
  escaped to text.
"""
from __future__ import annotations

import re
import string
import unicodedata

_PUNCT = frozenset(string.punctuation)
# Bidi overrides and other format characters can make text read differently from what it is.
_DROP_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
MAX_ECHO = 200  # characters of an echoed value shown; the rest is cut with an ellipsis


def _clean(value, limit: int | None = MAX_ECHO) -> str:
    s = "" if value is None else str(value)
    s = "".join(" " if ch in "\r\n\t\v\f\u2028\u2029" else ch for ch in s
                if ch in "\r\n\t\v\f\u2028\u2029" or unicodedata.category(ch) not in _DROP_CATEGORIES)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    return s


def md(value, limit: int | None = None) -> str:
    """`value` as inert text for Streamlit markdown (runs of spaces become one: leading spaces would
    otherwise start an indented code block)."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in re.sub(" {2,}", " ", _clean(value, limit)).strip(" "))


def code(value, limit: int | None = MAX_ECHO) -> str:
    """`value` as one inert inline code span."""
    s = _clean(value, limit)
    if not s.strip():
        return "` `" if not s else "`" + s + "`"
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or (s.startswith(" ") and s.endswith(" ")) else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def plotly(value, limit: int | None = None) -> str:
    """`value` as inert text inside a Plotly title, annotation, hover or trace name."""
    s = _clean(value, limit)
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("%{", "%&#123;"))


_ALLOWED_TAG = re.compile(
    r"<br ?/?>|</?(?:b|i|em|sup|sub|extra)>|</span>"
    r"|<span style='(?:font-size:\d{1,2}px;)?color:#[0-9A-Fa-f]{3,6}'>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")  # what Plotly's text renderer treats as a tag


def sanitize_plotly(text: str) -> str:
    """Keep the chart code's own formatting tags; turn every other tag into visible text."""
    # Until nothing changes: escaping the inner tags of '<<a href=…>x</a>>' leaves the outer brackets
    # enclosing no '<' or '>', a new tag. Each pass escapes at least one '<', so this ends.
    while "<" in text:
        out = _TAG.sub(lambda m: m.group(0) if _ALLOWED_TAG.fullmatch(m.group(0))
                       else m.group(0).replace("<", "&lt;").replace(">", "&gt;"), text)
        if out == text:
            break
        text = out
    return text


def plotly_plain(text: str) -> str:
    """Plotly rich text as the reader sees it, tags dropped: what a width estimate or a file name counts."""
    return _TAG.sub("", text)


def url(value) -> str | None:
    """An http(s) URL from the DB as a markdown link destination (`<...>` form), or None when it is
    anything else (javascript:, data:, relative, with spaces or angle brackets)."""
    s = "" if value is None else str(value).strip()
    if not re.fullmatch(r"https?://[^\s<>\\`\x00-\x1f\x7f]+", s, flags=re.IGNORECASE):
        return None
    return "<" + s.replace("(", "%28").replace(")", "%29") + ">"


def link(title, href) -> str:
    """`[title](href)` with an inert title, or just the inert title when `href` is not a safe web URL."""
    dest = url(href)
    return f"[{md(title)}]({dest})" if dest else md(title)


_PATH = re.compile(r"(?<![\w.:/~-])(?:~|\.{1,2})?/(?:[^\s/'\"`:,;()]+/)+([^\s/'\"`:,;()]*)")


def without_paths(value) -> str:
    """A message for visitors with every server path cut down to its last part (the file name);
    web addresses are left alone. The full message belongs in the server log."""
    return _PATH.sub(lambda m: m.group(1) or "(folder)", "" if value is None else str(value))
