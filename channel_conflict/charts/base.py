"""The house style every chart shares, so a saved image explains itself.

A figure carries: a title that states what is shown, a subtitle with units (and, on
scenario pages, the scenario), and a footer with source and as-of date, all inside the
image so they survive the camera button and kaleido exports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from .. import i18n
from ..text import plotly as _inert
from ..text import plotly_plain, sanitize_plotly
from . import margins

FONT = "Inter, 'Segoe UI', 'Noto Sans CJK TC', 'Noto Sans', Helvetica, Arial, sans-serif"
INK = "#1F2328"
MUTED = "#5B6470"
GRID = "#E6E8EB"
TEMPLATE_NAME = "channel_conflict"
TEMPLATE_LEFT_PX = 60  # the house template's left margin; a wider one (row labels) indents the footer

# Categorical colours for things that are not providers (segments, roles, tiers).
NEUTRAL_SEQUENCE = ["#4C6A92", "#D08C2E", "#5FA36B", "#B5546A", "#7D6AA8", "#8C8C8C", "#3F9AA8"]

_template = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=13, color=INK),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=NEUTRAL_SEQUENCE,
        title=dict(x=0.012, xanchor="left", xref="container", y=0.97, yanchor="top", font=dict(size=18, color=INK)),
        xaxis=dict(showgrid=False, linecolor="#9AA1A9", ticks="outside", tickcolor="#9AA1A9", zeroline=False,
                   automargin=True),
        yaxis=dict(gridcolor=GRID, zeroline=False, linecolor="#9AA1A9", automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text="",
                    bgcolor="rgba(255,255,255,0)"),
        hoverlabel=dict(bgcolor="white", font=dict(family=FONT, size=12, color=INK)),
        margin=dict(l=TEMPLATE_LEFT_PX, r=30, t=110, b=90),
    )
)
pio.templates[TEMPLATE_NAME] = _template


@dataclass(frozen=True)
class Caption:
    """What the image must say about itself."""

    title: str
    subtitle: str
    source: str
    as_of: str
    scenario: str = ""


LEGEND_ROW_PX = 22
LEGEND_WIDTH_PX = 500  # the plot width of a chart on a phone (640 px) or in the pinned column: the narrowest


def _legend_rows(fig: go.Figure) -> int:
    """How many rows the top legend takes at the narrowest width a chart is shown (1 if none, or if the
    chart put its legend in a column beside the plot)."""
    if fig.layout.showlegend is False or fig.layout.legend.orientation == "v":
        return 1
    names = dict.fromkeys(str(t.name) for t in fig.data
                          if t.name and t.showlegend is not False and t.type not in ("heatmap", "pie"))
    if len(names) < 2:
        return 1
    # a CJK character is about twice a Latin one (7 px each undercounted Chinese legends by a row or two)
    widths = [40 + 7 * _display_width(plotly_plain(n)) for n in names]
    if sum(widths) <= LEGEND_WIDTH_PX:
        return 1
    order = fig.layout.legend.traceorder
    if not (any(t.legendgroup for t in fig.data) and (order is None or "grouped" in order)):
        # Plotly gives every entry the widest one's width once they take more than one row
        return -(-len(widths) // max(1, LEGEND_WIDTH_PX // max(widths)))
    rows, used = 1, 0  # grouped entries keep their own widths and flow onto the next row
    for w in widths:
        if used and used + w > LEGEND_WIDTH_PX:
            rows, used = rows + 1, 0
        used += w
    return rows


def money_axis(fig: go.Figure, axis: str, top: float, lang: str = i18n.DEFAULT, low: float = 0.0, **kw) -> None:
    """An axis of US$ bn from `low` to `top`, ticked as the chart's value labels are written (i18n.money_ticks:
    '$100B' / '1,000億美元'), so the axis and the labels on its bars state one unit. `kw`: more axis settings."""
    vals, texts = i18n.money_ticks(top, lang)
    getattr(fig, f"update_{axis}axes")(tickmode="array", tickvals=vals, ticktext=texts, range=[low, top], **kw)


def finish(fig: go.Figure, caption: Caption, height: int = 480, chars: int = 100,
           lang: str = i18n.DEFAULT) -> go.Figure:
    """Apply the house template, title block and footer. Returns the same figure.

    Long titles, subtitles and footers are wrapped onto more lines (and the margins grow to fit),
    so nothing is clipped on the right; `chars` is about how many subtitle characters fit on a
    line: pass a smaller number for a chart drawn in a narrow column.
    `lang` sets the footer's words and date format; a CJK character is about twice as wide as a
    Latin one, so Chinese text wraps at about half as many characters.
    """
    lang = i18n.normalise(lang)
    colon = i18n.colon(lang)
    # The scenario name and the publishers come from visitors and the DB: plain text, never tags.
    scenario, source = _inert(caption.scenario), _inert(caption.source)
    subtitle = caption.subtitle + (f"<br>{i18n.t('common.scenario', lang)}{colon}{scenario}"
                                   if caption.scenario else "")
    title_lines = _wrap_plain(caption.title, int(chars * 0.72), lang)
    sub_lines = [line for part in subtitle.split("<br>") for line in _wrap_plain(part, chars, lang)]
    top = 84 + TITLE_TOP_PX - 14 + 22 * (len(title_lines) - 1) + 16 * (len(sub_lines) - 1)  # room for each extra line
    top += LEGEND_ROW_PX * (_legend_rows(fig) - 1)  # a legend that wraps grows down, not up over the subtitle
    fig.update_layout(
        template=TEMPLATE_NAME,
        height=height,
        title=dict(text=f"<b>{'<br>'.join(title_lines)}</b><br>"
                        f"<span style='font-size:13px;color:{MUTED}'>{'<br>'.join(sub_lines)}</span>"),
        margin=dict(t=top + 20),
        meta={"source": caption.source, "as_of": caption.as_of, "scenario": caption.scenario},
    )
    footer = (f"{i18n.t('common.source', lang)}{colon}{source} · "
              f"{i18n.t('common.data_as_of', lang, date=i18n.as_of(caption.as_of, lang))} · "
              f"{i18n.t('common.dashboard', lang)}")
    version = getattr(caption.as_of, "data_version", "")  # dataversion.AsOf: which revision of the data
    if version:
        footer += f" · {i18n.t('common.data_version', lang, version=version)}"
        fig.update_layout(meta={**(fig.layout.meta or {}), "as_of": str(caption.as_of), "data_version": version})
    # The footer starts where the plot does: a left margin widened for long row labels (margins.reserve)
    # takes its width off the line, or the line runs past the chart's right edge and is clipped.
    margins.reserve(fig)  # (left to automargin where it would crowd a phone chart: the estimate still holds)
    indent = max(0.0, max(fig.layout.margin.l or 0, margins.left_px(fig)) - TEMPLATE_LEFT_PX)
    width = (FOOTER_CHARS if chars == 100 else int(chars * 1.05)) - int(indent / FOOTER_CHAR_PX)
    lines = wrap_footer(footer, _cjk_width(max(width, FOOTER_MIN_CHARS), lang))
    # A strip under the footer for Plotly's toolbar, which the page shows there (ui.layout.CHART_CSS): at
    # the footer's level it covered the end of its last line while the mouse was over the chart.
    extra = FOOTER_LINE_PX * (len(lines) - 1) + MODEBAR_PX
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 90
    fig.update_layout(margin=dict(b=bottom + extra), height=height + extra,
                      # Plotly anchors a multi-line title by its first baseline, so "top" alone
                      # clips the first line in exported images: place it TITLE_TOP_PX down.
                      title=dict(yref="container", yanchor="top", y=1 - TITLE_TOP_PX / (height + extra)))
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper", yref="paper", x=0, y=0, yshift=-72, xanchor="left", yanchor="top",
        showarrow=False, align="left", font=dict(size=11, color=MUTED), name="footer",
    )
    return inert_figure(fig)


# Trace attributes whose strings Plotly renders as rich text (tags, links) or substitutes into one.
_TRACE_TEXT = ("name", "text", "hovertext", "hovertemplate", "texttemplate", "customdata", "x", "y", "z",
               "labels", "parents", "ids", "legendgrouptitle")


def _items(value):
    """The elements of a list-like value, or None for a scalar or an array with no text in it."""
    if isinstance(value, (list, tuple)):
        return value
    if type(value).__name__ == "ndarray":
        return value.tolist() if value.dtype.kind in "OUS" else None  # numbers carry no markup
    return None


def _clean_value(value):
    if isinstance(value, str):
        return sanitize_plotly(value)
    if isinstance(value, dict):
        return {k: _clean_value(v) for k, v in value.items()}
    items = _items(value)
    return value if items is None else [_clean_value(v) for v in items]


def _needs(value) -> bool:
    """True when `value` holds a string with a tag in it (numbers-only arrays are skipped fast)."""
    if isinstance(value, str):
        return "<" in value
    if isinstance(value, dict):
        return any(_needs(v) for v in value.values())
    items = _items(value)
    return items is not None and any(_needs(v) for v in items if isinstance(v, (str, list, tuple, dict)))


def _props(obj) -> dict:
    # Plotly keeps an object's set properties in _props; reading it avoids a deep copy per figure.
    props = getattr(obj, "_props", None)
    return props if isinstance(props, dict) else obj.to_plotly_json()


def inert_figure(fig: go.Figure) -> go.Figure:
    """Escape every tag in the figure's text that is not the charts' own formatting (see text.py):
    a value from a link, a saved scenario or the DB can then never become a link, an image or a style,
    wherever a chart put it (title, axis, legend, annotation, hover, tick or trace name)."""
    for trace in fig.data:
        props = _props(trace)
        for attr in _TRACE_TEXT:
            value = props.get(attr)
            if value is not None and _needs(value):
                trace[attr] = _clean_value(value)
    for key, value in list(_props(fig.layout).items()):
        if key != "template" and _needs(value):
            fig.layout[key] = _clean_value(value)
    return fig


TITLE_TOP_PX = 30
FOOTER_CHARS = 105  # fits a half-width chart (~700 px) at 11 px; wider charts just have shorter lines
FOOTER_CHAR_PX = 700 / FOOTER_CHARS
FOOTER_MIN_CHARS = 40
FOOTER_LINE_PX = 15
MODEBAR_PX = 24  # Plotly's toolbar: 20 px icons, 2 px off the bottom edge, 2 px clear of a CJK line's box


def _cjk_width(width: int, lang: str) -> int:
    """Line widths are in Latin characters; wrap_footer counts a CJK character as two."""
    return width


def _wrap_plain(text: str, width: int, lang: str = i18n.DEFAULT) -> list[str]:
    """Wrap text that carries no markup; text with tags is left as one line."""
    return [text] if "<" in text else wrap_footer(text, _cjk_width(width, lang))


def wrap_footer(text: str, width: int = FOOTER_CHARS) -> list[str]:
    """Break a long footer into lines at ' · ', '; ' or spaces, so no image clips it on the right."""
    lines: list[str] = []
    rest = text
    while _display_width(rest) > width:
        fit = _fit(rest, width)  # == width for Latin text
        cut = max(rest.rfind(" · ", 0, fit), rest.rfind("; ", 0, fit) + 1, rest.rfind("；", 0, fit) + 1,
                  rest.rfind("，", 0, fit) + 1, rest.rfind("、", 0, fit) + 1)
        if cut <= fit // 3:
            cut = rest.rfind(" ", 0, fit)
        if cut <= fit // 3 and _display_width(rest[:fit]) > fit:  # CJK text breaks between any two characters
            cut = fit
        if cut <= 0:
            cut = fit
        cut = _number_kept(rest, cut, fit // 3)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip(" ·")
    lines.append(rest)
    return lines


def _number_kept(text: str, cut: int, least: int) -> int:
    """A break at `cut` that would end a line with a number whose Chinese counter or unit starts the
    next ('3 / 個仍領先', '51 / 倍') moves to before the number, unless that leaves less than `least`."""
    after = text[cut:].lstrip(" ")[:1]
    end = len(text[:cut].rstrip(" "))
    if not after or _char_width(after) != 2 or end == 0 or not text[end - 1].isdigit():
        return cut
    start = end
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",."):
        start -= 1
    return start if start > least else cut


def _char_width(ch: str) -> int:
    return 2 if "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef" else 1


def _display_width(text: str) -> int:
    """Width in Latin-character units: a CJK or full-width character counts as two."""
    return sum(_char_width(ch) for ch in text)


def _fit(text: str, width: int) -> int:
    """How many leading characters of `text` fit in `width` Latin-character units."""
    used = 0
    for i, ch in enumerate(text):
        used += _char_width(ch)
        if used > width:
            return i
    return len(text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "chart"


def image_config(filename: str) -> dict:
    """Plotly config: the camera button saves a 2x PNG with a meaningful name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": slug(filename)},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def empty_figure(caption: Caption, message: str, lang: str = i18n.DEFAULT) -> go.Figure:
    """A titled, sourced frame that says why there is nothing to plot."""
    fig = go.Figure()
    fig.add_annotation(text=message, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=15, color=MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, caption, lang=lang)


HOVER_DATES = ("published", "when", "as_of", "announced")
HOVER_CHARS = 56  # a hover line at most (Latin characters; CJK count two): about 400 px at Plotly's 13 px


def hover_lines(text: str) -> str:
    """`text` on lines a hover box can hold: Plotly never wraps a hover, and a note of 250 characters ran
    off both sides of the chart. Text with markup or a link is left whole (a link must not break)."""
    if "<" in text or "://" in text or _display_width(text) <= HOVER_CHARS:
        return text
    return "<br>".join(wrap_footer(text, HOVER_CHARS))


def source_lines(lang: str, src: int, date: int | None, conf: int) -> str:
    """A hover's source and confidence lines from customdata indices: 'Source: a (b)' / '資料來源：a（b）',
    then 'Confidence: c' (`date` None: the source alone). Every chart's hover says them this one way."""
    colon = i18n.colon(lang)
    named = f"%{{customdata[{src}]}}"
    if date is not None:
        named = i18n.paren(named, f"%{{customdata[{date}]}}", lang)
    return (f"<br>{i18n.t('common.source', lang)}{colon}{named}"
            f"<br>{i18n.t('common.confidence', lang)}{colon}%{{customdata[{conf}]}}")


def money_cells(values, lang: str = i18n.DEFAULT, digits: int = 1, **kw) -> list[str]:
    """Amounts in US$ bn as a chart's labels and hovers write them, the titles' and cards' way
    (i18n.money: '$13.11B' / '131.1億美元'); `kw` as i18n.money's."""
    return [i18n.money(float(v), lang, digits, **kw) for v in values]


def hover_cells(frame, columns, lang: str = i18n.DEFAULT) -> list[list[str]]:
    """A chart's customdata: `columns` of `frame` as its hover writes them, in `lang`. Dates as the page
    writes them (2026年5月1日, not 2026-05-01T00:00:00), a confidence level in words (one or a list:
    'confirmed, reported'), a gap empty (not 'nan'); other cells as text."""
    def cell(col: str, v) -> str:
        if v is None or (not isinstance(v, str) and v != v):  # None, NaN, NaT
            return ""
        if col in HOVER_DATES:
            return i18n.as_of(v, lang) or ""
        if col == "confidence":
            return i18n.confidence_list(str(v).split(","), lang)
        return hover_lines(str(v))

    return [[cell(c, v) for c, v in zip(columns, row, strict=True)]
            for row in frame[list(columns)].itertuples(index=False, name=None)]


def sources_label(frame, publisher_col: str = "publisher", lang: str = i18n.DEFAULT) -> str:
    """'A; B; and 3 more' from the distinct publishers behind a frame; publishers of primary sources
    first when the frame says which are (a source_kind column), so a footer names those."""
    if "source_kind" in frame.columns:
        frame = frame.sort_values("source_kind", key=lambda k: k.ne("primary"), kind="stable")
    pubs = [p for p in dict.fromkeys(frame[publisher_col].dropna().astype(str))]
    more = [i18n.t("common.and_more", lang, n=len(pubs) - 3)] if len(pubs) > 3 else []
    return i18n.join(pubs[:3] + more, lang, "clauses")
