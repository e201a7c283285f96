"""UI and chart text in English and Traditional Chinese, one TOML file per language.

`t("market.title", lang)` looks a string up; `{name}` placeholders are filled from kwargs.
Numbers, money and dates are formatted for the language here too, so a chart builder never
formats by hand.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

LANGS = {"en": "English", "zh-TW": "繁體中文"}
DEFAULT = "en"
_DIR = Path(__file__).parent


def _flatten(d: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@cache
def strings(lang: str) -> dict[str, str]:
    return _flatten(tomllib.loads((_DIR / f"{lang}.toml").read_text(encoding="utf-8")))


def normalise(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT


def has(key: str, lang: str = DEFAULT) -> bool:
    return key in strings(normalise(lang)) or key in strings(DEFAULT)


def t_or(key: str, lang: str, fallback: str, **kwargs) -> str:
    """t(key, lang), or `fallback` where no language has the key (e.g. a label from the data)."""
    return t(key, lang, **kwargs) if has(key, lang) else fallback


def localise_params(params, lang: str, page: str) -> list:
    """The page's Params with label and help in `lang` (from [param.<page>.<key>]).

    Keys, options, option labels and values stay as they are: Streamlit writes an option's
    label into the URL, so links stay the same in every language. English returns them unchanged.
    """
    from dataclasses import replace

    if normalise(lang) == DEFAULT:
        return list(params)
    out = []
    for p in params:
        base = f"param.{page}.{p.key}"
        out.append(replace(p, label=t_or(base + ".label", lang, p.label), help=t_or(base + ".help", lang, p.help)))
    return out


def t(key: str, lang: str = DEFAULT, **kwargs) -> str:
    """The string for `key` in `lang`; English if the language lacks it (a test keeps them complete)."""
    table = strings(normalise(lang))
    text = table.get(key) or strings(DEFAULT).get(key)
    if text is None:
        raise KeyError(f"no string '{key}'")
    return text.format(**kwargs) if kwargs else text


def usd_bn(value: float | None, lang: str = DEFAULT, digits: int = 1) -> str:
    """US$ billions: '$1.4T' / '$250B' in English, '1.4兆美元' / '2,500億美元' in Chinese."""
    if value is None or value != value:
        return t("common.undisclosed", lang)
    if normalise(lang) == "zh-TW":
        # 1 billion = 10 億; 1 trillion = 1 兆
        if abs(value) >= 1000:
            return f"{value / 1000:,.{digits}f}兆美元"
        return f"{value * 10:,.0f}億美元"
    if abs(value) >= 1000:
        return f"${value / 1000:,.{digits}f}T"
    return f"${value:,.{digits}f}B".replace(".0B", "B")


def pct(value: float, lang: str = DEFAULT, digits: int = 0) -> str:
    return f"{value:.{digits}f}%"


def usd(value: float, lang: str = DEFAULT, digits: int = 2) -> str:
    """Plain US dollars: '$2.10' in English, 'US$2.10' in Chinese (where '$' alone reads as NT$)."""
    text = f"{value:,.{digits}f}"
    return f"US${text}" if normalise(lang) == "zh-TW" else f"${text}"


def number(value: float, lang: str = DEFAULT, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def as_of(value: str, lang: str = DEFAULT) -> str:
    """A data date as the footers show it: ISO in English (as before), 2026年5月1日 in Chinese."""
    if normalise(lang) == DEFAULT:
        return value
    try:
        return date(value, lang)
    except ValueError:
        return t("common.unknown", lang) if value == "unknown" else value


def date(value: dt.date | str, lang: str = DEFAULT, precision: str = "day") -> str:
    d = dt.date.fromisoformat(str(value)[:10]) if not isinstance(value, dt.date) else value
    if normalise(lang) == "zh-TW":
        return f"{d.year}年{d.month}月" + (f"{d.day}日" if precision == "day" else "")
    return d.strftime("%b %Y") if precision == "month" else f"{d.day} {d.strftime('%b %Y')}"
