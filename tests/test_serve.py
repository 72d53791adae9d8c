"""``roomtui serve``: loopback by default, a PIN before anything, read-only browser views."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roomtui import inbox, serve
from roomtui.ui.viewer import WATCH, build_viewer
from tests.screen import screen_text
from tests.tools import require_module, require_tool
from tests.views_helpers import GROUP, busy_session, shows, until

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _remote, state = line.split()[1:4]
            addr, hexport = local.split(":")
            if int(hexport, 16) == port and state == "0A":  # 0A = LISTEN
                if len(addr) == 8:
                    found.add(socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
                else:
                    found.add(addr)
    return found


@pytest.fixture
def served(data_dir, clock, request):
    """A group's meeting and a ``roomtui serve`` process for it; yields (port, pin path)."""
    session = busy_session(data_dir, clock)
    port = free_port()
    extra = ["--lan"] if getattr(request, "param", "") == "lan" else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "roomtui", "serve", "--group", GROUP, "--port", str(port),
         "--data-dir", str(data_dir), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve did not start: {proc.communicate()[0]}")
            time.sleep(0.1)
    yield port, serve.pin_file(data_dir, session.group["id"]), session
    proc.terminate()
    proc.communicate(timeout=20)
    session.close()


@pytest.mark.process
def test_serve_without_lan_listens_only_on_loopback(served):
    port, pin_path, _ = served
    assert listening_addresses(port) == {"127.0.0.1"}
    assert stat.S_IMODE(pin_path.stat().st_mode) == 0o600
    assert serve.read_pin(pin_path) is not None


@pytest.mark.process
@pytest.mark.parametrize("served", ["lan"], indirect=True)
def test_serve_with_lan_listens_on_every_address(served):
    port, _pin_path, _ = served
    assert listening_addresses(port) == {"0.0.0.0"}


@pytest.mark.process
def test_the_pin_is_offered_to_the_facilitator_only_while_serve_runs(served):
    _port, pin_path, session = served
    assert serve.showing_pin(session.root, session.group["id"]) == serve.read_pin(pin_path)


async def test_the_live_screen_shows_the_browser_pin_only_while_serving(make_app, data_dir):
    app = make_app()
    gid = app.session.group["id"]
    async with app.run_test(size=(100, 30)) as pilot:
        pin = serve.new_pin(data_dir, gid)
        await pilot.pause(0.7)
        assert pin not in screen_text(app)  # a PIN file alone (serve not running): nothing
        lock = serve.hold_serve_lock(data_dir, gid)
        try:
            await shows(pilot, app, f"Browser view PIN {pin}")
        finally:
            lock.release()
        await until(pilot, lambda: pin not in screen_text(app))


@pytest.mark.process
def test_a_port_in_use_gets_a_clear_message(data_dir, clock):
    busy_session(data_dir, clock).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "roomtui", "serve", "--group", GROUP, "--port", str(port),
             "--data-dir", str(data_dir)],
            capture_output=True, text=True, timeout=60,
        )
    assert proc.returncode == 2
    assert f"Port {port} is already in use on 127.0.0.1. Choose another with --port N." \
        in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.process
def test_serve_for_a_group_that_does_not_exist(data_dir):
    data_dir.mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, "-m", "roomtui", "serve", "--group", "Nobody", "--data-dir",
         str(data_dir)], capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "There is no group called “Nobody” yet. Start the facilitator app" in proc.stderr


async def test_pin_screen_right_wrong_and_the_wait(data_dir, clock, monkeypatch):
    monkeypatch.setattr("roomtui.ui.screens.pin.RETRY_DELAY", 2.0)
    session = busy_session(data_dir, clock)
    pin = serve.new_pin(data_dir, session.group["id"])
    wrong = "000000" if pin != "000000" else "111111"
    app = build_viewer(data_dir, GROUP, WATCH, clock=clock, browser=True,
                       pin_path=serve.pin_file(data_dir, session.group["id"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*wrong, "enter")
        text = await shows(pilot, app, "That PIN is not right.")
        for name in ("Ana", "Ben", "Dev", "Tuesday", "Sharing"):
            assert name not in text
        await pilot.press(*pin, "enter")  # ignored: the field is closed for a moment
        await pilot.pause(0.05)
        assert "Ben" not in screen_text(app)
        await shows(pilot, app, "Try again.")
        await pilot.press(*pin, "enter")
        text = await shows(pilot, app, " 2  Ben")
        assert "Ana Smith" in text
        await pilot.press("h")  # a browser view never writes: no raised hands
        await pilot.pause()
        assert "Raised hand" not in screen_text(app)
    assert inbox.pending(data_dir, session.group["id"]) == []
    session.close()


@pytest.mark.process
@pytest.mark.browser
def test_a_real_browser_needs_the_pin_to_see_the_queue(served, tmp_path):
    chromium = require_tool("chromium")
    sync_api = require_module("playwright.sync_api", "playwright")
    port, pin_path, _session = served
    pin = serve.read_pin(pin_path)
    wrong = "000000" if pin != "000000" else "111111"

    def visit(browser, typed: str, shot: Path) -> str:
        frames: list = []
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
        page.goto(f"http://127.0.0.1:{port}/")
        for _ in range(60):  # up to 15 s for the PIN screen to arrive
            page.wait_for_timeout(250)
            if "Enter the PIN" in received(frames):
                break
        assert "Enter the PIN" in received(frames)
        page.mouse.click(500, 350)
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        for _ in range(24):
            page.wait_for_timeout(250)
            if "Ben" in received(frames) or "not right" in received(frames):
                break
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shot))
        page.close()
        return received(frames)

    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            bad = visit(browser, wrong, tmp_path / "wrong-pin.png")
            good = visit(browser, pin, tmp_path / "right-pin.png")
        finally:
            browser.close()
    assert "That PIN is not right" in bad
    for name in ("Ana", "Ben", "Dev", "Sharing"):
        assert name not in bad
    assert "Ben" in good and "Ana Smith" in good and "Sharing" in good
    print(f"browser screenshots: {tmp_path}")

def received(frames: list) -> str:
    return "".join(f if isinstance(f, str) else f.decode("utf-8", "replace") for f in frames)


def test_new_browser_views_are_limited_per_minute():
    now = [0.0]
    limiter = serve.OpenLimiter(per_minute=3, clock=lambda: now[0])
    assert [limiter.allow() for _ in range(4)] == [True, True, True, False]
    now[0] = 59.9
    assert not limiter.allow()
    now[0] = 60.0
    assert limiter.allow() and limiter.allow() and limiter.allow() and not limiter.allow()


async def test_a_browser_view_closes_after_too_many_wrong_pins(data_dir, clock, monkeypatch):
    monkeypatch.setattr("roomtui.ui.screens.pin.RETRY_DELAY", 0.1)
    session = busy_session(data_dir, clock)
    pin = serve.new_pin(data_dir, session.group["id"])
    wrong = "000000" if pin != "000000" else "111111"
    app = build_viewer(data_dir, GROUP, WATCH, clock=clock, browser=True,
                       pin_path=serve.pin_file(data_dir, session.group["id"]))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(serve.MAX_ATTEMPTS - 1):
            await pilot.press(*wrong, "enter")
            await shows(pilot, app, "Try again.")
        await pilot.press(*wrong, "enter")
        await shows(pilot, app, "Too many wrong PINs.")
        await until(pilot, lambda: not app.is_running)
    session.close()
