"""``roomtui serve`` in a real headless Chromium: the PIN form, then the live view.

textual-serve draws the terminal on a canvas, so what the view showed is read from the
websocket frames the browser received. Screenshots are kept in the test's tmp folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.serve_helpers import (
    Served,
    lan_test_address,
)
from tests.tools import missing, require_module, require_tool

pytestmark = [pytest.mark.browser, pytest.mark.process]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def received(frames: list) -> str:
    return "".join(f if isinstance(f, str) else f.decode("utf-8", "replace") for f in frames)


@pytest.fixture
def browser():
    chromium = require_tool("chromium")
    sync_api = require_module("playwright.sync_api", "playwright")
    with sync_api.sync_playwright() as play:
        launched = play.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def open_view(browser, base: str, pin: str, wrong: str | None, shots: Path) -> dict:
    """Load the page, enter ``wrong`` (if any) then ``pin``; what the browser saw."""
    frames: list = []
    requests: list[str] = []
    sockets: list[str] = []
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: (sockets.append(ws.url),
                                     ws.on("framereceived", lambda f: frames.append(f))))
    page.goto(base)
    form_html = page.content()
    page.screenshot(path=str(shots / "pin-form.png"))
    refused_html = ""
    if wrong is not None:
        page.fill("input[name=pin]", wrong)
        page.press("input[name=pin]", "Enter")
        page.wait_for_selector("text=That PIN is not right", timeout=15000)
        refused_html = page.content()
        assert not sockets  # no view was even asked for
    page.fill("input[name=pin]", pin)
    page.press("input[name=pin]", "Enter")
    for _ in range(120):  # up to 30 s for the view to start and draw the queue
        page.wait_for_timeout(250)
        if "Ana Smith" in received(frames) and " Ben" in received(frames):
            break
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "view.png"))
    seen = {"form": form_html, "refused": refused_html, "view_html": page.content(),
            "frames": received(frames), "requests": requests, "sockets": sockets}
    page.close()
    return seen


def assert_pin_then_view(seen: dict, base: str) -> None:
    for word in ("Tuesday", "circle", "Ana", "Ben", "Sharing"):
        assert word not in seen["form"] and word not in seen["refused"]
    assert "Enter the PIN" in seen["form"]
    frames = seen["frames"]
    assert "Ana Smith" in frames and "Sharing" in frames
    assert "Ben" in frames and "Dev" in frames  # the queue
    assert seen["sockets"] and all(url.startswith(base.replace("http", "ws"))
                                   for url in seen["sockets"])
    for text in (seen["form"], seen["view_html"], *seen["requests"], *seen["sockets"]):
        assert "0.0.0.0" not in text
    assert not [url for url in seen["requests"] if not url.startswith(base)]  # nothing else


def test_a_real_browser_needs_the_pin_to_see_the_queue(served: Served, browser, tmp_path):
    wrong = "000000" if served.pin != "000000" else "111111"
    base = f"http://127.0.0.1:{served.port}/"
    seen = open_view(browser, base, served.pin, wrong, tmp_path)
    assert "That PIN is not right" in seen["refused"]
    assert_pin_then_view(seen, base)
    print(f"browser screenshots: {tmp_path}")


@pytest.mark.parametrize("served", ["lan"], indirect=True)
def test_with_lan_the_view_works_through_the_lan_address(served: Served, browser, tmp_path):
    with lan_test_address() as address:
        if address is None:
            missing("root", "no non-loopback address here, and no right to make a veth pair")
        base = f"http://{address}:{served.port}/"
        seen = open_view(browser, base, served.pin, None, tmp_path)
    assert_pin_then_view(seen, base)
    print(f"--lan through {address}; screenshots: {tmp_path}")
