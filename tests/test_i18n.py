"""Both languages carry the same keys and placeholders; money and dates read naturally in each."""
import re

import pytest

from channel_conflict import i18n


def test_every_key_in_both_languages():
    en, zh = i18n.strings("en"), i18n.strings("zh-TW")
    assert set(en) - set(zh) == set(), "keys missing in zh-TW.toml"
    assert set(zh) - set(en) == set(), "keys missing in en.toml"


def test_placeholders_match():
    en, zh = i18n.strings("en"), i18n.strings("zh-TW")
    for key in en:
        assert set(re.findall(r"{(\w+)}", en[key])) == set(re.findall(r"{(\w+)}", zh[key])), key


@pytest.mark.parametrize("value,en,zh", [(1400, "$1.4T", "1.4兆美元"), (250, "$250B", "2,500億美元"),
                                         (22.4, "$22.4B", "224億美元"), (None, "undisclosed", "未揭露"),
                                         (-3.2, "-$3.2B", "-32億美元"), (-0.001, "$0B", "0億美元")])
def test_money(value, en, zh):
    assert i18n.usd_bn(value, "en") == en
    assert i18n.usd_bn(value, "zh-TW") == zh


def test_dates_and_fallback():
    assert i18n.date("2026-02-27", "en") == "27 Feb 2026"
    assert i18n.date("2026-02-27", "zh-TW") == "2026年2月27日"
    assert i18n.normalise("klingon") == "en"
    assert i18n.t("common.data_as_of", "zh-TW", date="2026年5月") == "資料截至 2026年5月"


def test_money_and_prices_in_each_language():
    assert i18n.usd(2.1, "en") == "$2.10" and i18n.usd(2.1, "zh-TW") == "US$2.10"
    assert i18n.as_of("2026-05-01", "en") == "2026-05-01"  # English footers unchanged
    assert i18n.as_of("2026-05-01", "zh-TW") == "2026年5月1日"
    assert i18n.as_of("unknown", "zh-TW") == "未知"


def test_params_translated_but_links_unchanged():
    from channel_conflict.params import Param, to_query

    p = Param("firm", "Research firm", "choice", default="Synergy", options=("Synergy", "Canalys"))
    (zh,) = i18n.localise_params([p], "zh-TW", "market")
    assert zh.label == "研究機構" and zh.key == p.key and zh.options == p.options
    assert to_query([zh], {"firm": "Canalys"}) == to_query([p], {"firm": "Canalys"}) == {"firm": ["Canalys"]}
    (en,) = i18n.localise_params([p], "en", "market")
    assert en.label == p.label and en.help == i18n.t("param.market.firm.help") and en.options == p.options


def test_english_footer_byte_identical():
    import plotly.graph_objects as go

    from channel_conflict.charts.base import Caption, finish

    cap = Caption("T", "S", "A; B", "2026-05-01", scenario="x")
    en = finish(go.Figure(), cap)
    footer = next(a.text for a in en.layout.annotations if a.name == "footer")
    assert footer == "Source: A; B · Data as of 2026-05-01 · channel-conflict dashboard"
    assert "<br>Scenario: x" in en.layout.title.text
    zh = finish(go.Figure(), cap, lang="zh-TW")
    footer = next(a.text for a in zh.layout.annotations if a.name == "footer")
    assert footer.startswith("資料來源：A; B · 資料截至 2026年5月1日")
    assert "情境：x" in zh.layout.title.text


def test_chinese_chart_pack(built_db):
    """A zh-TW pack from the CLI's query string: its SVGs carry the Chinese titles, its link the language."""
    import io
    import zipfile

    from channel_conflict import db
    from channel_conflict.export.pack import build
    from channel_conflict.export.render import shared_renderer
    from tests.conftest import require_browser

    require_browser()
    con = db.open_readonly(built_db)
    try:
        pack = build("sources", lambda name, **kw: db.run(con, name, kw), query={"lang": ["zh-TW"]},
                     renderer=shared_renderer().start())
    finally:
        con.close()
    assert pack.scenario["link"].endswith("/sources?lang=zh-TW")
    assert not pack.scenario["warnings"]
    titles = [c["title"] for c in pack.scenario["charts"]]
    assert all(re.search(r"[\u3400-\u9fff]", t) for t in titles), titles
    with zipfile.ZipFile(io.BytesIO(pack.zip_bytes())) as z:
        svg = z.read("sources-confidence-by-table.svg").decode("utf-8")
    assert "經當事方、申報文件或研究機構證實" in svg
    assert "資料來源" in svg


def test_bad_language_in_a_pack_query_is_a_warning(built_db):
    from channel_conflict import db
    from channel_conflict.export.pack import build

    class Nothing:  # no rendering needed to check the parameters
        def render(self, fig, fmt, scale=2):
            return b""

    con = db.open_readonly(built_db)
    try:
        pack = build("sources", lambda name, **kw: db.run(con, name, kw), query={"lang": ["xx"]}, renderer=Nothing())
    finally:
        con.close()
    assert any("lang=xx" in w for w in pack.scenario["warnings"])
    assert "lang" not in pack.scenario["params"]
    assert not re.search(r"[\u3400-\u9fff]", pack.scenario["charts"][0]["title"])


# A branch on the language outside channel_conflict/i18n/: per-language behaviour belongs in the TOML
# files' [format] table or in an i18n function that takes the language.
LANG_BRANCH = re.compile(r"\b(lang|lg|lang\(\))\s*[!=]=|[!=]=\s*(i18n\.)?(DEFAULT|\"zh-TW\"|\"en\")\b"
                         r"|\bif zh\b|\bzh = ")


def test_no_language_branch_outside_i18n():
    from channel_conflict.paths import ROOT

    files = [p for d in ("channel_conflict", "pages", "bench") for p in (ROOT / d).rglob("*.py")
             if "i18n" not in p.parts] + [ROOT / "dashboard.py"]
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in files
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if LANG_BRANCH.search(line)]
    assert found == [], "\n".join(found)
    assert LANG_BRANCH.search('if lang != i18n.DEFAULT:') and LANG_BRANCH.search('x if lg == "zh-TW" else y')


def test_format_tables_alike():
    en, zh = i18n.fmt("en"), i18n.fmt("zh-TW")
    assert set(en) == set(zh) and set(en["units"]) == set(zh["units"])
    assert len(en["months"]) == len(zh["months"]) == 12
    for f in (en, zh):
        assert sum(bool(u.get("base")) for u in f["money_units"]) == 1
        assert [u["per"] for u in f["money_units"]] == sorted((u["per"] for u in f["money_units"]), reverse=True)


@pytest.mark.parametrize("call,en,zh", [
    (lambda lg: i18n.money(0.5, lg, small=True), "$500M", "5億美元"),
    (lambda lg: i18n.money(1400, lg, 0, scaled=False), "$1,400B", "1.4兆美元"),  # 兆 always; never 14,000億
    (lambda lg: i18n.money(95.0, lg, trim=False, scaled=False), "$95.0B", "950億美元"),
    (lambda lg: i18n.money(1.5, lg, 2), "$1.50B", "15億美元"),
    # the precision asked for holds in 億 too: two decimals of US$ bn are one of 億 (was '15億美元')
    (lambda lg: i18n.money(1.48, lg, 2) + " " + i18n.money(13.11, lg, 2), "$1.48B $13.11B", "14.8億美元 131.1億美元"),
    # under 10億 a decimal more, so small CHIPS awards keep two figures (was '1億美元', '5億美元')
    (lambda lg: i18n.money(0.15, lg, 2, trim=False), "$0.15B", "1.5億美元"),
    (lambda lg: i18n.money(0.47, lg) + " " + i18n.money(0.8, lg, small=True), "$0.5B $800M", "4.7億美元 8億美元"),
    (lambda lg: i18n.paren("Fab life", "estimate", lg), "Fab life (estimate)", "Fab life（estimate）"),
    (lambda lg: i18n.join(["a", "b"], lg) + i18n.join(["c", "d"], lg, "clauses"), "a, bc; d", "a、bc；d"),
    (lambda lg: i18n.labelled("Source", "x", lg), "Source: x", "Source：x"),
    (lambda lg: i18n.date("2026-02-27", lg, "month"), "Feb 2026", "2026年2月"),
    (lambda lg: i18n.units("%d years", lg), "%d years", "%d 年"),
    (lambda lg: i18n.money_range(4.5, 7.5, lg), "$4.5–7.5B", "45–75億美元"),  # the unit once
    (lambda lg: i18n.money_range(60, 1400, lg), "$60B–$1.4T", "600億美元–1.4兆美元"),  # ends in two units
    (lambda lg: i18n.money_range(-0.5, 2, lg), "-$0.5B–$2B", "-5億美元–20億美元"),
    # Streamlit's printf cannot write 億: the amount goes bare under a label that names 十億美元
    (lambda lg: i18n.units("$%,dB", lg) + " " + i18n.units("$%,d", lg), "$%,dB $%,d", "%,d US$%,d"),
    (lambda lg: i18n.confidence("estimate", lg) + i18n.confidence("derived?", lg), "estimatederived?", "估計derived?"),
    (lambda lg: ",".join(i18n.link_lang(lg)), "", "zh-TW"),
])
def test_one_formatter_per_thing(call, en, zh):
    assert (call("en"), call("zh-TW")) == (en, zh)


def test_link_reasons_are_codes_said_in_the_page_language():
    """Every reason params.parse_one can give is a [link.why] key (an i18n.Message); the page says it in its language,
    and the English text is what it always was."""
    import inspect

    from channel_conflict import params
    from channel_conflict.params import Param, parse

    codes = set(re.findall(r'_why\("(\w+)"', inspect.getsource(params)))
    assert len(codes) >= 9
    for lg in i18n.LANGS:
        assert all(i18n.has(f"link.why.{c}", lg) for c in codes)
    ps = [Param("x", "Share", "float", 0.5, min=0, max=1), Param("n", "Count", "int", 2),
          Param("b", "On", "bool", False), Param("c", "Pick", "choice", "a", options=("a", "b")),
          Param("m", "Many", "multi", ["a"], options=("a", "b")), Param("r", "Range", "int_range", (1, 2))]
    query = {"x": ["7"], "n": ["1.5"], "b": ["maybe"], "c": ["z"], "m": ["z"], "r": ["1"], "zz": ["1"]}
    _, en = parse(ps, query)
    assert en[0] == r"`x=7` is outside 0–1 for *Share*; using 0\.5."
    assert "is not a whole number" in en[1] and en[-1].startswith("ignored parameter(s) this page does not use")
    _, zh = parse(ps, query, lang="zh-TW")
    assert len(zh) == len(en) == 7
    assert zh[0] == r"`x=7` 超出 0–1 的範圍（*Share*）；改用 0\.5。"
    for text in zh:
        assert re.search(r"[\u3400-\u9fff]", text), text
        assert not re.search(r"\b(is|not|was|needs|using|ignored)\b", text), text


def test_model_messages_are_said_in_the_page_language(built_db):
    """The model's check and table-edit messages are i18n.Message: English as str (CLI, logs), the
    page's language through i18n.say (the Overlap page's ⚠ notes)."""
    import pandas as pd

    from channel_conflict import db
    from channel_conflict.model import apply_mix_edits, apply_revenue_edits, check, mix_table
    from channel_conflict.model.inputs import load_inputs

    con = db.open_readonly(built_db)
    try:
        inputs = load_inputs(lambda name: db.run(con, name))
    finally:
        con.close()
    table = mix_table(inputs)
    table.loc[table.partner_id == "aws", list(inputs.segments)] = [1, 1, 1, 1, -1]
    table["bogus"] = 1
    _, problems = apply_mix_edits(inputs, table)
    rev = pd.DataFrame({"partner_id": ["aws", "zz"], "ai_fraction": [1.5, 0.1]})
    problems += apply_revenue_edits(inputs, rev)[1]
    problems += check(inputs.defaults.with_(rho=7.0, weights={"nope": 1.0}), inputs)[1]
    assert len(problems) >= 6
    english = " ".join(problems)
    assert "negative mix shares" in english and "is outside 0–1 (fraction)" in english
    assert "above the maximum" in english
    for p in problems:
        zh = i18n.say(p, "zh-TW")
        assert re.search(r"[\u3400-\u9fff]", zh), zh
        assert not re.search(r"\b(ignored|using|is|the|was|were)\b", zh), zh


def test_as_of_takes_a_date_or_a_timestamp_and_leaves_missing_ones_empty():
    import datetime as dt

    import pandas as pd

    from channel_conflict import i18n

    for lang, want in (("en", "2025-11-06"), ("zh-TW", "2025年11月6日")):
        assert i18n.as_of("2025-11-06", lang) == i18n.as_of(pd.Timestamp("2025-11-06 13:00"), lang) == want
        assert i18n.as_of(dt.date(2025, 11, 6), lang) == want
        assert i18n.as_of(pd.NaT, lang) == i18n.as_of(float("nan"), lang) == ""
        assert i18n.as_of(None, lang) is None
