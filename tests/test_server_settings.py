"""Safe server defaults: loopback only, XSRF protection on, small uploads, and no raw HTML from data."""
from __future__ import annotations

import re
import tomllib

import pytest

from channel_conflict.paths import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
CODE_DIRS = [ROOT / "pages", ROOT / "channel_conflict"]


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_binds_to_loopback_only(config):
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"].get("headless") is True


def test_xsrf_protection_is_on(config):
    # Streamlit's default is on; the file must not turn it off (and says so explicitly).
    assert config["server"].get("enableXsrfProtection", True) is True


def test_upload_size_is_limited(config):
    size = config["server"].get("maxUploadSize")
    assert size is not None and 0 < size <= 10, "maxUploadSize (MB) must be set and small"


def test_no_error_details_or_telemetry(config):
    assert config["client"].get("showErrorDetails") in ("none", False)
    assert config["browser"].get("gatherUsageStats") is False


def test_makefile_serves_on_loopback():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    runs = [line for line in make.splitlines() if "streamlit run" in line]
    assert runs and all("--server.address 127.0.0.1" in line for line in runs)


UNSAFE = re.compile(r"unsafe_allow_html\s*=\s*True")


def _python_files():
    for d in CODE_DIRS:
        yield from sorted(d.rglob("*.py"))
    yield ROOT / "dashboard.py"


# st.html is allowed only where every interpolated value is escaped; each entry says why.
HTML_ALLOWED = {
    "channel_conflict/ui/share.py": "copy-link button: the link goes through html.escape(quote=True)",
    "channel_conflict/ui/layout.py": "<style> blocks built from the module's own constants only (no data, no link value)",
}


def test_no_unsafe_html_in_app_code():
    """No page or module renders raw HTML from data: titles, notes and URLs are never trusted."""
    unsafe, raw_html = [], []
    for p in _python_files():
        rel = p.relative_to(ROOT).as_posix()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if UNSAFE.search(line):
                unsafe.append(f"{rel}:{n}: {line.strip()}")
            if ("st.html(" in line or "components.html(" in line) and rel not in HTML_ALLOWED:
                raw_html.append(f"{rel}:{n}: {line.strip()}")
    assert not unsafe, "unsafe_allow_html=True found:\n" + "\n".join(unsafe)
    assert not raw_html, "raw HTML outside the reviewed places (add to HTML_ALLOWED only if escaped):\n" + \
        "\n".join(raw_html)
    for rel in HTML_ALLOWED:
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert "html.escape(" in text, f"{rel} renders HTML but no longer escapes what it interpolates"


def test_the_grep_finds_what_it_should(tmp_path):
    """Guard the guard: the pattern catches the usual spellings."""
    for text in ('st.markdown(x, unsafe_allow_html=True)', 'st.markdown(x, unsafe_allow_html = True)'):
        assert UNSAFE.search(text)
    assert not UNSAFE.search("st.markdown(x, unsafe_allow_html=False)")
