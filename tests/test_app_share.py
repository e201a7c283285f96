"""Every page has the share bar (Copy link, 'Link and embed', chart pack), and its link carries
every control the page shows, the open chart tab included."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from channel_conflict.ui import nav

from .app_helpers import run_app

# One non-default value per page that has controls: the link must carry it back.
LINK_VALUES = {
    "": {},
    "market": {"firm": "Canalys"},
    "contracts": {"as_of": "2025-03-10"},
    "overlap": {"rho": "0.3", "chart": "Net over the years"},
    "capital": {"debt_pct": "70"},
    "timeline": {"actor": "Oracle"},
    "sources": {"table": "events"},
}


def _links(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("spec", nav.PAGES, ids=lambda p: p.url_path or "overview")
def test_share_bar_on_every_page_and_its_link_keeps_the_view(use_db, spec):
    key = spec.url_path or "overview"
    at = run_app(spec.file, LINK_VALUES[spec.url_path])
    assert at.button(key=f"share_prepare_{key}") is not None
    assert not _links(at), "the link boxes are drawn only once opened"
    at.session_state[f"share_embed_{key}"] = True
    at.run()
    link, embed = _links(at)[-2:]
    parts = urlsplit(link)
    assert parts.path == "/" + spec.url_path
    assert {k: v[-1] for k, v in parse_qs(parts.query).items()} == LINK_VALUES[spec.url_path]
    assert embed.startswith(link) and "embed=true" in embed
