"""Figures in Chromium: a click until what it causes is in the DOM, a change made by someone
else until it shows, and the JavaScript a first visit loads.

Times are taken in the page: a capture-phase click listener and a MutationObserver record
``performance.now()``. The site's CSP forbids ``eval``, so nothing waits with Playwright's
``wait_for_function``; the recorded values are polled with ``evaluate`` instead.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Armed before each click: the time of the click, and of the first mutation after which
# ``document`` shows ``want`` (a heading's text, or an element's text changing).
_ARM = """(want) => {
  window.__cc = {clicked: null, shown: null};
  const matches = () => {
    if (want.heading) {
      const h = document.querySelector('h1');
      return h !== null && h.textContent.trim() === want.heading;
    }
    const el = document.querySelector(want.selector);
    return el !== null && el.textContent.trim() !== want.before;
  };
  document.addEventListener('click', () => {
    if (window.__cc.clicked === null) window.__cc.clicked = performance.now();
  }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (window.__cc.shown === null && matches()) {
      window.__cc.shown = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {subtree: true, childList: true, characterData: true});
}"""

# Armed before a change made elsewhere: the epoch time (ms) the page first shows ``text``.
_WATCH = """(text) => {
  window.__cc = {shown: null};
  const observer = new MutationObserver(() => {
    if (window.__cc.shown === null && document.body.innerText.includes(text)) {
      window.__cc.shown = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {subtree: true, childList: true, characterData: true});
}"""


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def chromium_pids() -> list[int]:
    """Chromium's processes (counted as part of a measurement, not as other load)."""
    import os

    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if "chrom" in handle.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


def new_page(browser: Browser, base_url: str, *, cookie: str | None = None,
             lang: str = "zh-CN") -> Page:
    context = browser.new_context(locale=lang, viewport={"width": 1280, "height": 900})
    if cookie:
        name, _, value = cookie.partition("=")
        context.add_cookies([{"name": name, "value": value, "url": base_url}])
    return context.new_page()


def wait_ready(page: Page, timeout: float = 30.0) -> None:
    """Until the page's state has arrived (``data-ready`` set by the site's frame)."""
    page.locator('[data-ready="1"]').first.wait_for(timeout=timeout * 1000)


def _poll(page: Page, expression: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value is not None:
            return value
        time.sleep(0.005)
    raise TimeoutError(f"{expression} was not set within {timeout} s")


def click_until(page: Page, click: Any, *, heading: str | None = None,
                selector: str | None = None) -> float:
    """Milliseconds from the click until the page shows ``heading`` as its ``h1`` (or until
    the text of ``selector`` changes)."""
    before = page.locator(selector).inner_text().strip() if selector else ""
    page.evaluate(_ARM, {"heading": heading, "selector": selector, "before": before})
    click()
    shown = _poll(page, "window.__cc.shown")
    clicked = page.evaluate("window.__cc.clicked")
    return float(shown) - float(clicked)


def watch_for(page: Page, text: str) -> None:
    page.evaluate(_WATCH, text)


def shown_at(page: Page, timeout: float = 20.0) -> float:
    """The epoch milliseconds at which the watched text appeared."""
    return float(_poll(page, "window.__cc.shown", timeout))


def first_load_bytes(browser: Browser, url: str) -> dict[str, int]:
    """JavaScript and CSS a first visit of ``url`` downloads, gzip-compressed (bytes)."""
    context = browser.new_context()
    page = context.new_page()
    sizes = {"js": 0, "css": 0}
    seen: set[str] = set()

    def on_response(response: Any) -> None:
        kind = response.request.resource_type
        if kind not in ("script", "stylesheet") or response.url in seen:
            return
        seen.add(response.url)
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            return
        sizes["js" if kind == "script" else "css"] += len(gzip.compress(body, 9))

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    context.close()
    return sizes
