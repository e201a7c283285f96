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
