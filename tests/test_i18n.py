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
                                         (22.4, "$22.4B", "224億美元"), (None, "undisclosed", "未揭露")])
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
    assert i18n.localise_params([p], "en", "market") == [p]


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
