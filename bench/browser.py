"""Playwright measurements, timed inside the page.

An init script records the timestamp of the user's input (keydown / pointerdown, captured
before the app sees it) and, once armed, checks on every animation frame whose DOM changed
whether the expected new content is on screen: for a control, the charts' SVG differs from
before the input and the app is idle; for a page switch, the URL, the page title and the
number of painted charts match. The frame in which that first holds is the one that paints
it, so latency = that frame's time - the input's time, with no fixed sleeps and no
Python-side round trips in the figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Browser, Locator, Page

CHROMIUM = "/usr/bin/chromium"
# As tests/conftest.py CHROMIUM_ARGS (kept here so the bench does not import the test suite).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}
MAIN = '[data-testid="stMain"]'
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

INIT_JS = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = {tEvent: null, done: null, dirty: true, job: 0};
  const mark = (e) => { if (B.tEvent === null) B.tEvent = e.timeStamp; };
  window.addEventListener('keydown', mark, true);
  window.addEventListener('pointerdown', mark, true);
  const charts = () => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]'));
  B.sig = () => charts().map(c => Array.from(c.querySelectorAll('.main-svg')).map(s => s.innerHTML).join('')).join('|');
  B.painted = () => charts().filter(c => c.querySelector('.js-plotly-plot .main-svg')).length;
  B.idle = () => !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]');
  B.title = () => {
    const h = document.querySelector('[data-testid="stMain"] h1'); return h ? h.textContent.trim() : '';
  };
  B.errors = () => document.querySelectorAll('[data-testid="stException"]').length;
  new MutationObserver(() => { B.dirty = true; })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const watch = (job, ready) => {
    const loop = () => {
      if (B.job !== job || B.done !== null) return;
      if (B.tEvent !== null && B.dirty) {
        B.dirty = false;
        if (ready()) { B.done = performance.now() - B.tEvent; return; }
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  // Arm before the input: resolves when the charts differ from now and the app is idle.
  B.armChange = () => {
    const job = ++B.job; const old = B.sig(); B.done = null; B.tEvent = null; B.dirty = true;
    watch(job, () => B.idle() && B.sig() !== old);
  };
  // Arm before clicking a page link: resolves when that page is shown with its charts painted.
  B.armPage = (path, title, nCharts) => {
    const job = ++B.job; B.done = null; B.tEvent = null; B.dirty = true;
    watch(job, () => location.pathname === path && B.idle() && B.title() === title && B.painted() >= nCharts);
  };
})();
"""


# Many sessions share one browser here: without these, Chromium stops rendering the pages that are
# not in front, and a session that is loaded but not painted would count as slow or failed.
NO_BACKGROUND_THROTTLING = ["--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                            "--disable-renderer-backgrounding"]


def launch(pw, headless: bool = True) -> Browser:
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + NO_BACKGROUND_THROTTLING,
                              headless=headless)


def new_page(browser: Browser) -> Page:
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(INIT_JS)
    return ctx.new_page()


def open_url(page: Page, url: str, charts: bool = True, timeout: float = 30000) -> None:
    page.goto(url, timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    if charts:
        page.wait_for_selector(f"{MAIN} {CHART}", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


def wait_done(page: Page, timeout: float = 10000) -> float:
    """The armed measurement's latency in ms (raises playwright TimeoutError if it never completes)."""
    return float(page.wait_for_function("() => window.__bench.done", timeout=timeout, polling=50).json_value())


@dataclass
class Control:
    """A page control the bench moves: a slider (arrow keys) or a segmented control (clicks)."""

    kind: str  # "slider" or "buttons"
    locator: Locator
    description: str
    direction: int = 1
    moves: int = 0
    span: int = 8  # a slider goes this many steps one way, then back: a few distinct values, some repeats
    state: dict = field(default_factory=dict)

    def act(self, page: Page) -> None:
        if self.kind == "slider":
            # Streamlit's slider is an <input type="range"> (1.67); older ones were a div with aria-value*.
            now, lo, hi = self.locator.evaluate(
                "e => [+(e.getAttribute('aria-valuenow') ?? e.value), +(e.getAttribute('aria-valuemin') ?? e.min), "
                "+(e.getAttribute('aria-valuemax') ?? e.max)]")
            if self.moves and self.moves % self.span == 0:
                self.direction = -self.direction
            if (self.direction > 0 and now >= hi) or (self.direction < 0 and now <= lo):
                self.direction = -self.direction
            self.locator.press("ArrowRight" if self.direction > 0 else "ArrowLeft")
        else:
            buttons = self.locator
            n = buttons.count()
            current = next((i for i in range(n) if buttons.nth(i).get_attribute("aria-checked") == "true"), 0)
            buttons.nth((current + 1) % n).click()
        self.moves += 1


def find_control(page: Page, control: str | None) -> Control | None:
    """The control named by widget key or label, else the page's first slider, else its first segmented control."""
    main = page.locator(MAIN)
    if control:
        keyed = main.locator(f".st-key-{control}")
        candidates = [(keyed.get_by_role("slider"), "slider"), (keyed.locator('[role="radio"]'), "buttons"),
                      (main.get_by_role("slider", name=control, exact=True), "slider"),
                      (main.get_by_role("radiogroup", name=control, exact=True).locator('[role="radio"]'), "buttons")]
    else:
        candidates = [(main.get_by_role("slider"), "slider"),
                      (main.locator('[data-testid="stButtonGroup"]').first.locator('[role="radio"]'), "buttons")]
    for loc, kind in candidates:
        if loc.count() > 0:
            loc = loc.first if kind == "slider" else loc
            name = (loc.get_attribute("aria-label") if kind == "slider" else
                    loc.first.locator("xpath=..").get_attribute("aria-label")) or control or "?"
            return Control(kind, loc, f"{kind} '{name}'")
    return None


def measure_control(page: Page, ctl: Control, repeats: int, warmup: int = 2, timeout: float = 10000) -> list[float]:
    """Latency (ms) from each input to the repainted chart."""
    out = []
    for i in range(warmup + repeats):
        page.evaluate("window.__bench.armChange()")
        ctl.act(page)
        ms = wait_done(page, timeout)
        if i >= warmup:
            out.append(ms)
    return out


def measure_controls_turn_about(pages: list[tuple[Page, Control]], repeats: int, warmup: int = 2,
                                timeout: float = 10000) -> list[list[float]]:
    """Latency (ms) of each page's control, one move on each in turn (the order swapped every round),
    so a noisy spell on the machine lands on every page alike and their ratio holds still."""
    for page, ctl in pages:
        measure_control(page, ctl, 0, warmup, timeout)
    out: list[list[float]] = [[] for _ in pages]
    for i in range(repeats):
        order = list(enumerate(pages))
        for k, (page, ctl) in (order if i % 2 == 0 else order[::-1]):
            page.bring_to_front()
            out[k] += measure_control(page, ctl, 1, 0, timeout)
    return out


def sidebar_link(page: Page, url_path: str) -> Locator:
    return page.locator(f'[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][href="{url_path}"]').first


def measure_page_switches(page: Page, pages: list[dict], rounds: int, timeout: float = 15000) -> dict[str, list[float]]:
    """Click each page's sidebar link in turn; ms until its title and charts are painted.

    `pages`: dicts with url_path, title (the h1 text seen on a warm load) and charts (count).
    """
    out: dict[str, list[float]] = {p["url_path"]: [] for p in pages}
    for _ in range(rounds):
        for p in pages:
            page.evaluate("([a, b, c]) => window.__bench.armPage(a, b, c)",
                          ["/" + p["url_path"], p["title"], p["charts"]])
            sidebar_link(page, p["url_path"]).click()
            out[p["url_path"]].append(wait_done(page, timeout))
    return out


def page_facts(page: Page) -> dict:
    return page.evaluate("() => ({title: window.__bench.title(), charts: window.__bench.painted(), "
                         "errors: window.__bench.errors()})")


# In a new tab, ms from navigation start (performance.now()'s origin) to the frame that first paints a chart.
FIRST_CHART_JS = ("() => document.querySelector('" + MAIN.replace("'", "\\'") + " " + CHART.replace("'", "\\'")
                  + "') ? performance.now() : null")


def measure_link_open(context, url: str, timeout: float = 60000) -> float:
    """Open `url` in a new tab of `context` (a reader's browser: Streamlit's files already cached) and
    return ms from navigation start to the first chart painted."""
    pg = context.new_page()
    try:
        pg.goto(url, wait_until="commit", timeout=timeout)
        return float(pg.wait_for_function(FIRST_CHART_JS, timeout=timeout, polling="raf").json_value())
    finally:
        pg.close()
