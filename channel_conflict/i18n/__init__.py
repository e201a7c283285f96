"""UI and chart text in English and Traditional Chinese, one TOML file per language.

`t("market.title", lang)` looks a string up; `{name}` placeholders are filled from kwargs.
Numbers, money and dates are formatted for the language here too, so a chart builder never
formats by hand.
"""
from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass
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
def _table(lang: str) -> dict:
    return tomllib.loads((_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


@cache
def strings(lang: str) -> dict[str, str]:
    """Every UI string of `lang`, flattened ('market.title'); the [format] table is data, not text."""
    return _flatten({k: v for k, v in _table(lang).items() if k != "format"})


def fmt(lang: str) -> dict:
    """The language's [format] table: punctuation, money units, date patterns, unit words, layout factors.

    Per-language behaviour lives here as data, so no caller branches on the language."""
    return _table(normalise(lang))["format"]


def normalise(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT


def has(key: str, lang: str = DEFAULT) -> bool:
    return key in strings(normalise(lang)) or key in strings(DEFAULT)


def t_or(key: str, lang: str, fallback: str, **kwargs) -> str:
    """t(key, lang), or `fallback` where no language has the key (e.g. a label from the data)."""
    return t(key, lang, **kwargs) if has(key, lang) else fallback


def data_or(key: str, lang: str, data_text: str, **kwargs) -> str:
    """Text the DB holds (e.g. a segment's name) where the page's language is the data's ([format]
    data_language: English), else the catalogue's string for `key` (the DB's text if it has none).
    For names whose English catalogue entry differs from the DB's own, without a branch in the caller."""
    return data_text if fmt(lang).get("data_language") else t_or(key, lang, data_text, **kwargs)


def localise_params(params, lang: str, page: str) -> list:
    """The page's Params with label, help and placeholder in `lang` (from [param.<page>.<key>], in every language:
    the TOML files hold the text; a Param's own label and help are the fallback).

    Keys, options, option labels and values stay as they are: Streamlit writes an option's
    label into the URL, so links stay the same in every language.
    """
    from dataclasses import replace

    out = []
    for p in params:
        base = f"param.{page}.{p.key}"
        out.append(replace(p, label=t_or(base + ".label", lang, p.label), help=t_or(base + ".help", lang, p.help),
                           placeholder=t_or(base + ".placeholder", lang, p.placeholder)))
    return out


def t(key: str, lang: str = DEFAULT, **kwargs) -> str:
    """The string for `key` in `lang`; English if the language lacks it (a test keeps them complete)."""
    table = strings(normalise(lang))
    text = table.get(key) or strings(DEFAULT).get(key)
    if text is None:
        raise KeyError(f"no string '{key}'")
    return text.format(**kwargs) if kwargs else text


def money(value: float | None, lang: str = DEFAULT, digits: int = 1, *, trim: bool = True,
          small: bool = False, scaled: bool = True, plus: bool = False) -> str:
    """US$ billions in the page's language: '$1.4T' / '$250B' / '$22.4B'; '1.4兆美元' / '2,500億美元'.

    The units are [format].money_units, largest first: the largest one the value reaches is used
    (units marked `small`, e.g. '$500M', only when `small`; units above the `base` one only when
    `scaled` or marked `always`: '$1,400B' but never '14,000億'); a unit's own `digits` (at least one
    decimal under 10 of that unit: '4.7億'), else `digits`. `trim` drops all-zero decimals ('$250.0B' -> '$250B').
    `plus` writes a change's sign when it is up ('+$1.2B').
    A missing value is 'undisclosed'.
    """
    if value is None or value != value:
        return t("common.undisclosed", lang)
    unit, n = _money_number(value, lang, digits, trim, small, scaled)
    # The sign goes before the whole amount ('-$3.2B', not '$-3.2B'), unless it rounds to zero.
    sign = ("-" if value < 0 else "+" if plus else "") if n.strip("0.,") else ""
    return sign + fmt(lang)["money"].format(n=n, unit=unit["unit"])


def money_range(low: float, high: float, lang: str = DEFAULT, digits: int = 1) -> str:
    """A range of US$ billions with its unit once: '$4.5–7.5B' / '45–75億美元'; each end in full where
    the low one is negative or below the high one's unit ('$60B–$1.4T', not '$0.1–1.4T')."""
    unit, hi = _money_number(high, lang, digits)
    if low < 0 or high < low or 0 < low < unit["per"]:
        return f"{money(low, lang, digits)}–{money(high, lang, digits)}"
    _, lo = _money_number(low, lang, digits, unit=unit)
    return fmt(lang)["money"].format(n=f"{lo}–{hi}", unit=unit["unit"])


def _money_number(value: float, lang: str, digits: int, trim: bool = True, small: bool = False,
                  scaled: bool = True, unit: dict | None = None) -> tuple[dict, str]:
    """The unit money() writes `value` in (or `unit`), and |value| in it as text."""
    f = fmt(lang)
    base = _base_unit(lang)
    units = [u for u in f["money_units"] if (small or not u.get("small"))
             and (scaled or u["per"] <= base or u.get("always"))]
    unit = unit or next((u for u in units if abs(value) >= u["per"]), units[-1])
    places = unit.get("digits", digits)
    if unit["per"] < 1:  # a unit under US$ bn (億) keeps the precision asked for: 2 digits of $1.48B is 14.8億
        places = max(places, _places_in(unit["per"], digits))
    if "digits" in unit and abs(value) < 10 * unit["per"]:
        # a unit's own precision is for two or more digits: under 10 of it, one decimal more
        # ('1.5億', not '1億' for US$0.15B)
        places = max(places, 1)
    n = f"{abs(value) / unit['per']:,.{places}f}"
    if trim and "." in n and not n.split(".")[1].strip("0"):
        n = n.split(".")[0]
    return unit, n


class Message(str):
    """A sentence kept as its key and values, so the page says it in its own language.

    As a str it is the English text (the CLI, logs and tests read it so); `say(message, lang)` is the
    text in `lang`. Parsers and checks return these instead of composing English for the UI."""

    key: str
    values: dict

    def __new__(cls, key: str, **values):
        self = super().__new__(cls, t(key, DEFAULT, **values))
        self.key, self.values = key, values
        return self

    def __reduce__(self):  # pickles (Streamlit's caches) as the key and its values
        return (_message, (self.key, self.values))


def _message(key: str, values: dict) -> Message:
    return Message(key, **values)


def say(message: str, lang: str = DEFAULT) -> str:
    """A Message in `lang`; any other text as it is."""
    if not isinstance(message, Message):
        return str(message)
    return t(message.key, lang, **{k: say(v, lang) for k, v in message.values.items()})


def usd_bn(value: float | None, lang: str = DEFAULT, digits: int = 1) -> str:
    """money() with its defaults (kept: charts and tests call it by this name)."""
    return money(value, lang, digits)


@dataclass(frozen=True)
class PlotMoney:
    """How a chart plots US$ bn in the page's language: in the base unit money() writes (US$ bn in
    English, 億美元 in Chinese, ten to a billion), so an axis, a bar label and a hover say the
    same number as the cards above the chart."""

    scale: float  # base units per US$ bn

    def __call__(self, values):
        """Values in US$ bn -> values to plot (a number, a Series or an array)."""
        return values * self.scale

    def places(self, digits: int) -> int:
        """Decimals in the plotted unit for `digits` decimals of US$ bn ('12.35' bn -> '123.5' 億)."""
        return _places_in(1 / self.scale, digits)

    def text(self, value: float, digits: int, sign: bool = False) -> str:
        """A bar label: '12.3' / '123'."""
        return f"{value * self.scale:{'+' if sign else ''},.{self.places(digits)}f}"


def plot_money(lang: str = DEFAULT) -> PlotMoney:
    return PlotMoney(1 / _base_unit(lang))


def _places_in(per: float, digits: int) -> int:
    """Decimals in a unit of `per` US$ bn that keep `digits` decimals of US$ bn (2 of bn -> 1 of 億)."""
    return max(0, digits - round(math.log10(1 / per)))


def _base_unit(lang: str) -> float:
    """US$ bn per unit of the language's base money unit (1 for B, 0.1 for 億)."""
    return next(u["per"] for u in fmt(lang)["money_units"] if u.get("base"))


def pct(value: float, lang: str = DEFAULT, digits: int = 0) -> str:
    return f"{value:.{digits}f}%"


def usd(value: float, lang: str = DEFAULT, digits: int = 2) -> str:
    """Plain US dollars: '$2.10' in English, 'US$2.10' in Chinese (where '$' alone reads as NT$)."""
    return fmt(lang)["usd"].format(n=f"{value:,.{digits}f}")


def usd_prefix(lang: str = DEFAULT) -> str:
    """What usd() writes before the amount, for an axis's tick prefix: '$' / 'US$'."""
    return fmt(lang)["usd"].split("{n}")[0]


def number(value: float, lang: str = DEFAULT, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def colon(lang: str = DEFAULT) -> str:
    """': ' or the full-width '：'."""
    return fmt(lang)["colon"]


def labelled(label: str, value: str, lang: str = DEFAULT) -> str:
    """'Source: x' / '資料來源：x'."""
    return f"{label}{colon(lang)}{value}"


def join(items, lang: str = DEFAULT, kind: str = "list") -> str:
    """Items joined as a list ('a, b' / 'a、b') or as clauses ('a; b' / 'a；b')."""
    return fmt(lang)[f"{kind}_sep"].join(str(i) for i in items)


def paren(text: str, inner: str, lang: str = DEFAULT) -> str:
    """'text (inner)' / 'text（inner）'; just `text` when `inner` is empty."""
    return fmt(lang)["paren"].format(text=text, inner=inner) if inner else text


def confidence(level: str, lang: str = DEFAULT) -> str:
    """A confidence level as the page shows it ('confirmed' / '已證實'); unknown levels as they are."""
    return t_or(f"confidence.{level}", lang, level)


def confidence_list(levels, lang: str = DEFAULT) -> str:
    """Several confidence levels, each in words, joined as the language lists ('confirmed, reported')."""
    return join([confidence(str(c).strip(), lang) for c in levels], lang)


def units(pattern: str, lang: str = DEFAULT) -> str:
    """A slider format ('%d years') with its unit words in `lang` ([format.units], English -> lang);
    a whole format the language writes otherwise is in [format.slider] ('$%,dB' has no Chinese form:
    Streamlit's printf cannot write 億, so the value goes bare under a label that names the unit)."""
    pattern = fmt(lang)["slider"].get(pattern, pattern)
    for en_word, word in fmt(lang)["units"].items():
        pattern = pattern.replace(f" {en_word}", word)
    return pattern


def link_lang(lang: str | None) -> list[str]:
    """The `lang` query values a link carries: none for the default language (links stay as they were)."""
    lang = normalise(lang)
    return [] if lang == DEFAULT else [lang]


def factor(name: str, lang: str = DEFAULT) -> float:
    """A layout factor of [format] (e.g. how much wider labels run), 1.0 where the language has none."""
    return float(fmt(lang).get(name, 1.0))


def as_of(value, lang: str = DEFAULT) -> str | None:
    """A data date as the footers show it: ISO in English (as before), 2026年5月1日 in Chinese. `value` is
    an ISO string or anything with strftime (a date, a pandas Timestamp), so callers need not write it out.

    Empty or missing dates (None, '', NaN, NaT) come back empty ('' for NaN/NaT); 'unknown' is said in `lang`."""
    if value is None or value != value:  # NaN and NaT are not equal to themselves
        return value if value is None else ""
    if hasattr(value, "strftime"):
        value = value.strftime("%Y-%m-%d")
    if not value:
        return value
    if fmt(lang).get("iso_as_of"):
        return value
    try:
        return date(value, lang)
    except ValueError:
        return t("common.unknown", lang) if value == "unknown" else value


def date_column_format(lang: str = DEFAULT) -> str:
    """as_of()'s date form as a momentJS format for st.column_config.DateColumn, so a table shows its dates
    as the page writes them ('YYYY-MM-DD' / 'YYYY[年]M[月]D[日]') and still sorts on the date itself."""
    import string

    f = fmt(lang)
    if f.get("iso_as_of"):
        return "YYYY-MM-DD"
    fields = {"y": "YYYY", "m": "M", "d": "D", "mon": "MMM"}
    return "".join((f"[{literal}]" if literal else "") + (fields[name] if name else "")
                   for literal, name, _, _ in string.Formatter().parse(f["date_day"]))


def date(value: dt.date | str, lang: str = DEFAULT, precision: str = "day") -> str:
    """'27 Feb 2026' / '2026年2月27日' (precision 'month': 'Feb 2026' / '2026年2月'), from [format]."""
    d = dt.date.fromisoformat(str(value)[:10]) if not isinstance(value, dt.date) else value
    f = fmt(lang)
    return f[f"date_{precision}"].format(y=d.year, m=d.month, d=d.day, mon=f["months"][d.month - 1])


def money_ticks(top: float, lang: str = DEFAULT, count: int = 6) -> tuple[list[float], list[str]]:
    """Tick values 0..top (US$ bn) at a round step, and their labels as money() writes the chart's value
    labels ('$100B' / '1,000億美元'), so an axis and the labels on its bars state the same unit."""
    import math

    if not top or top != top or top <= 0:
        return [0.0], ["0"]
    raw = top / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    vals = [i * step for i in range(int(top // step) + 1)]
    return vals, ["0" if v == 0 else money(v, lang) for v in vals]


def period(value, lang: str = DEFAULT) -> str:
    """A figure's reporting period as every chart states it: a quarter '2025Q3', a month as date() writes
    one ('Dec 2025' / '2025年12月'), a day as as_of() does, a year as it is ('2025'); anything else as it is."""
    import re

    s = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", s):
        return date(f"{s}-01", lang, "month")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return as_of(s, lang)
    return s
