"""``roomtui serve``: nothing before the PIN, no foreign pages, views that die with serve.

The rules (``roomtui.views.serve``) are tested directly; the server is tested as a real
``roomtui serve`` process, driven by an aiohttp client, counting its child processes
through /proc. The real-browser tests are in test_serve_browser.py.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import stat
import subprocess
import sys
import time

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from roomtui.groups import rename_group
from roomtui.storage import GroupBook, locations
from roomtui.views import serve
from tests.serve_helpers import (
    Served,
    alive,
    children,
    free_port,
    listening_addresses,
    wait_for,
)
from tests.tools import missing
from tests.views_helpers import GROUP, busy_session

SECRET_WORDS = ("Tuesday", "circle", "Ana", "Ben", "Dev", "Sharing")


# -- the rules, without a server --------------------------------------------------------

def test_host_must_be_the_address_the_connection_arrived_on():
    ok = serve.host_allowed
    assert ok("127.0.0.1:8000", "127.0.0.1", 8000)
    assert ok("localhost:8000", "127.0.0.1", 8000)
    assert ok("192.168.1.5:8000", "192.168.1.5", 8000)
    assert not ok("192.168.1.5:8000", "127.0.0.1", 8000)  # not where it arrived
    assert not ok("localhost:8000", "192.168.1.5", 8000)
    assert not ok("evil.example:8000", "127.0.0.1", 8000)  # DNS rebinding
    assert not ok("127.0.0.1:8001", "127.0.0.1", 8000)
    assert not ok("127.0.0.1", "127.0.0.1", 8000)
    assert not ok("0.0.0.0:8000", "127.0.0.1", 8000)
    assert not ok(None, "127.0.0.1", 8000) and not ok("", "127.0.0.1", 8000)
    assert ok("127.0.0.1", "127.0.0.1", 80)


def test_the_lan_address_is_one_of_this_machines_own():
    address = serve.lan_address()
    if address is None:
        missing("root", "this machine has no address but loopback, and no right to make one")
    with socket.socket() as probe:
        probe.bind((address, 0))  # only an address of this machine can be bound
    assert not address.startswith("127.") and address != "0.0.0.0"


def test_origin_must_be_this_server():
    assert serve.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not serve.origin_allowed("http://evil.example", "127.0.0.1:8000")
    assert not serve.origin_allowed("null", "127.0.0.1:8000")
    assert not serve.origin_allowed(None, "127.0.0.1:8000")
    assert not serve.origin_allowed("https://127.0.0.1:8000", "127.0.0.1:8000")


def test_tickets_are_signed_for_this_run_only():
    tickets = serve.Tickets()
    ticket = tickets.issue()
    assert tickets.valid(ticket)
    assert not serve.Tickets().valid(ticket)  # another run's secret
    nonce, mac = ticket.split(".")
    assert not tickets.valid(f"{nonce}x.{mac}")
    assert not tickets.valid(f"{nonce}.{'0' * len(mac)}")
    assert not tickets.valid("") and not tickets.valid(None)


@given(st.text(max_size=200))
def test_no_made_up_ticket_is_valid(text):
    assert not serve.Tickets(b"k" * 32).valid(text)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_pins_wait_longer_each_time_then_lock_out():
    clock = Clock()
    guard = serve.PinGuard("123456", clock)
    waits = []
    for n in range(1, serve.MAX_WRONG + 1):
        attempt = guard.check("10.0.0.9", "000000")
        assert attempt.counted and attempt.wrong == n
        waits.append(attempt.wait)
        clock.now += attempt.wait if n < serve.MAX_WRONG else 0
    assert waits[:-1] == [1.0, 2.0, 4.0, 8.0]
    assert attempt.outcome == serve.LOCKED and waits[-1] == serve.LOCKOUT_SECONDS
    assert guard.check("10.0.0.9", "123456").outcome == serve.LOCKED  # even the right PIN
    assert guard.check("10.0.0.8", "123456").outcome == serve.RIGHT  # another address
    clock.now += serve.LOCKOUT_SECONDS
    assert guard.check("10.0.0.9", "123456").outcome == serve.RIGHT


def test_a_pin_typed_while_waiting_is_not_even_compared():
    clock = Clock()
    guard = serve.PinGuard("123456", clock)
    assert guard.check("a", "999999").outcome == serve.WRONG
    early = guard.check("a", "123456")
    assert early.outcome == serve.WAIT and not early.counted and early.wrong == 1
    clock.now += 1.0
    assert guard.check("a", "123456").outcome == serve.RIGHT


def test_an_empty_pin_costs_nothing():
    guard = serve.PinGuard("123456", Clock())
    for typed in ("", "   ", "\n"):
        attempt = guard.check("a", typed)
        assert attempt.outcome == serve.EMPTY and not attempt.counted
    assert guard.wrong_total == 0
    assert guard.check("a", "123456").outcome == serve.RIGHT


def test_pin_entry_closes_for_everyone_after_too_many_wrong_pins():
    guard = serve.PinGuard("123456", Clock())
    for n in range(serve.MAX_WRONG_TOTAL):
        assert guard.check(f"10.0.{n}.1", "000000").counted
    assert guard.check("10.9.9.9", "123456").outcome == serve.CLOSED


def test_refusals_are_reported_sparingly():
    said = [n for n in range(1, 2001) if serve.worth_saying(n)]
    assert said == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]


def test_the_facilitator_is_told_of_wrong_pins(tmp_path):
    lines: list[str] = []
    alerts = serve.AlertLog(tmp_path, "g1", lines.append)
    guard = serve.PinGuard("123456", Clock())
    alerts.wrong_pin("192.168.1.23", guard.check("192.168.1.23", "000000"))
    alerts.wrong_pin("192.168.1.23", guard.check("192.168.1.23", "000000"))  # too soon
    alerts.wrong_pin("192.168.1.23", guard.check("192.168.1.23", ""))
    assert lines == ["1 wrong PIN from 192.168.1.23"]
    shown = serve.read_alerts(tmp_path, "g1")
    assert len(shown) == 1 and shown[0].endswith("1 wrong PIN from 192.168.1.23")
    path = serve.alerts_file(tmp_path, "g1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("12:00 \x1b[31mred\x1b[0m [bold]x[/]\n")
    assert serve.read_alerts(tmp_path, "g1") == ["12:00 [31mred[0m [bold]x[/]"]


# -- a real `roomtui serve` -------------------------------------------------------------

def run(coro):
    return asyncio.run(coro)


def client() -> aiohttp.ClientSession:
    """A client that keeps cookies from an IP address, as a browser does."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def log_in(http: aiohttp.ClientSession, served: Served, pin: str | None = None):
    return await http.post(f"{served.url}/pin", data={"pin": pin or served.pin},
                           headers={"Origin": served.url}, allow_redirects=False)


async def frames_until(ws, text: str, timeout: float = 30.0) -> str:
    """What the view sent (its terminal output, decoded) once ``text`` is in it."""
    seen = ""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in seen:
        left = deadline - loop.time()
        assert left > 0, f"{text!r} never arrived"
        message = await ws.receive(timeout=left)
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data.decode("utf-8", "replace")
        elif message.type == aiohttp.WSMsgType.TEXT:
            seen += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                              aiohttp.WSMsgType.ERROR):
            pytest.fail(f"the view closed before {text!r}: {seen[-500:]}")
    return seen



@pytest.mark.process
def test_serve_without_lan_listens_only_on_loopback(served):
    assert listening_addresses(served.port) == {"127.0.0.1"}
    assert stat.S_IMODE(served.pin_path.stat().st_mode) == 0o600
    assert served.pin is not None
    printed = wait_for(lambda: "PIN" in served.printed() and served.printed())
    assert f"http://127.0.0.1:{served.port}/" in printed and served.pin in printed
    assert "plain HTTP" not in printed


@pytest.mark.process
@pytest.mark.parametrize("served", ["lan"], indirect=True)
def test_serve_with_lan_prints_its_real_address_and_a_warning(served):
    assert listening_addresses(served.port) == {"0.0.0.0"}
    printed = wait_for(lambda: "PIN" in served.printed() and served.printed())
    address = serve.lan_address()
    if address is not None:
        assert f"http://{address}:{served.port}/" in printed
    assert "0.0.0.0" not in printed and "<this laptop" not in printed
    warning = [line for line in printed.splitlines() if "plain HTTP" in line]
    assert len(warning) == 1


@pytest.mark.process
def test_the_pin_is_offered_to_the_facilitator_only_while_serve_runs(served):
    gid = served.session.group["id"]
    assert serve.showing_pin(served.session.root, gid) == served.pin
    served.proc.send_signal(signal.SIGTERM)
    served.proc.wait(timeout=20)
    assert serve.showing_pin(served.session.root, gid) is None


@pytest.mark.process
def test_nothing_about_the_group_before_the_pin(served):
    async def go():
        async with client() as http:
            async with http.get(served.url + "/") as page:
                return page.status, await page.text()

    status, text = run(go())
    assert status == 200 and '<form method="post" action="/pin">' in text
    assert "/ws" not in text and "textual.js" not in text  # the view's page needs the PIN
    for word in SECRET_WORDS:
        assert word not in text
    assert "0.0.0.0" not in text


@pytest.mark.process
def test_foreign_host_and_foreign_origin_are_refused(served):
    async def go():
        async with client() as http:
            assert (await log_in(http, served)).status == 303
            rebinding = await http.get(served.url + "/",
                                       headers={"Host": f"evil.example:{served.port}"})
            with pytest.raises(aiohttp.WSServerHandshakeError) as foreign:
                await http.ws_connect(served.url.replace("http", "ws") + "/ws",
                                      headers={"Origin": "http://evil.example"})
            with pytest.raises(aiohttp.WSServerHandshakeError) as rebound:
                await http.ws_connect(served.url.replace("http", "ws") + "/ws",
                                      headers={"Origin": f"http://evil.example:{served.port}",
                                               "Host": f"evil.example:{served.port}"})
            cross_pin = await http.post(served.url + "/pin", data={"pin": served.pin},
                                        headers={"Origin": "http://evil.example"},
                                        allow_redirects=False)
            return rebinding.status, foreign.value.status, rebound.value.status, \
                cross_pin.status

    assert run(go()) == (403, 403, 403, 403)
    assert children(served.proc.pid) == set()  # the cookie was right: still no view started
    assert "Refused a browser view from 127.0.0.1" in wait_for(served.printed)


@pytest.mark.process
def test_ten_websockets_without_the_pin_start_no_process(served):
    async def go():
        async with client() as http:
            refused = []
            for _ in range(10):
                try:
                    ws = await http.ws_connect(served.url.replace("http", "ws") + "/ws",
                                               headers={"Origin": served.url})
                    await ws.close()
                except aiohttp.WSServerHandshakeError as err:
                    refused.append(err.status)
            started_without_pin = children(served.proc.pid)
            # the same count, with the PIN, does see a view's process (it can fail)
            await log_in(http, served)
            ws = await http.ws_connect(served.url.replace("http", "ws") + "/ws",
                                       headers={"Origin": served.url})
            await frames_until(ws, "Ana Smith")
            with_pin = children(served.proc.pid)
            await ws.close()
            return refused, started_without_pin, with_pin

    refused, without_pin, with_pin = run(go())
    assert refused == [403] * 10
    assert without_pin == set()
    assert len(with_pin) >= 1


@pytest.mark.process
def test_a_wrong_pin_is_refused_and_delayed_and_an_empty_one_is_free(served):
    wrong = "000000" if served.pin != "000000" else "111111"

    async def go():
        async with client() as http:
            began = time.monotonic()
            empty = await log_in(http, served, " ")
            empty_took = time.monotonic() - began
            began = time.monotonic()
            bad_answer = asyncio.ensure_future(log_in(http, served, wrong))
            await asyncio.sleep(0.3)
            early = await log_in(http, served, served.pin)  # during the wait: not compared
            early_cookie = bool(http.cookie_jar.filter_cookies(URL(served.url)))
            bad = await bad_answer
            bad_took = time.monotonic() - began
            later = await log_in(http, served)
            return (empty.status, await empty.text(), empty_took, bad.status,
                    await bad.text(), bad_took, early.status, await early.text(),
                    early_cookie, later.status)

    (empty_status, empty_text, empty_took, bad_status, bad_text, bad_took,
     early_status, early_text, early_cookie, later) = run(go())
    assert empty_status == 200 and "Type the PIN" in empty_text and empty_took < 0.9
    assert bad_status == 403 and "That PIN is not right" in bad_text
    assert bad_took >= 0.95
    assert early_status == 403 and "Please wait" in early_text and not early_cookie
    assert later == 303  # after the wait, the right PIN opens the view
    for word in SECRET_WORDS:
        assert word not in bad_text
    printed = wait_for(lambda: "wrong PIN" in served.printed() and served.printed())
    assert "1 wrong PIN from 127.0.0.1" in printed
    assert any(line.endswith("1 wrong PIN from 127.0.0.1")
               for line in serve.read_alerts(served.session.root, served.session.group["id"]))


@pytest.mark.process
def test_the_right_pin_sets_a_strict_cookie_and_the_view_opens(served):
    async def go():
        async with client() as http:
            answer = await log_in(http, served)
            cookie = answer.headers.get("Set-Cookie", "")
            answered = await http.get(served.url + "/")
            page = await answered.text()
            assert "frame-ancestors 'none'" in answered.headers["Content-Security-Policy"]
            assert answered.headers["Cache-Control"] == "no-store"
            ws = await http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100",
                                       headers={"Origin": served.url})
            seen = await frames_until(ws, "Ana Smith")
            await ws.close()
            return answer.status, answer.headers.get("Location"), cookie, page, seen

    status, location, cookie, page, seen = run(go())
    assert status == 303 and location == "/"
    assert cookie.startswith("roomtui_view=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert "0.0.0.0" not in page and "googleapis" not in page
    assert "Ana Smith" in seen


@pytest.mark.process
def test_a_renamed_group_is_still_served(served):
    gid = served.session.group["id"]
    rename_group(served.session, gid, "Thursday circle")
    assert GroupBook(locations.groups_file(served.session.root)).get(gid)["name"] \
        == "Thursday circle"

    async def go():
        async with client() as http:
            await log_in(http, served)
            ws = await http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100",
                                       headers={"Origin": served.url})
            seen = await frames_until(ws, "Ana Smith")
            await ws.close()
            return seen

    assert "Ana Smith" in run(go())


async def _open_views(served: Served, count: int):
    http = client()
    await log_in(http, served)
    sockets = []
    for _ in range(count):
        ws = await http.ws_connect(served.url.replace("http", "ws") + "/ws?width=100",
                                   headers={"Origin": served.url})
        await frames_until(ws, "Ana Smith")
        sockets.append(ws)
    return http, sockets


@pytest.mark.process
def test_sigkill_to_serve_with_two_views_open_leaves_no_process(served):
    async def go():
        http, sockets = await _open_views(served, 2)
        views = children(served.proc.pid)
        served.proc.kill()  # SIGKILL: serve cleans nothing up itself
        served.proc.wait(timeout=10)
        began = time.monotonic()
        while alive(views) and time.monotonic() - began < 5:
            await asyncio.sleep(0.02)
        took = time.monotonic() - began
        await http.close()
        return views, alive(views), took

    views, left, took = run(go())
    print(f"views gone {took:.2f} s after SIGKILL to serve")
    assert len(views) >= 2
    assert left == set()


@pytest.mark.process
def test_sigterm_with_views_open_ends_promptly(served):
    """0.3 s on a quiet machine (printed); the bound only catches the old 24 s wait for
    the views, since a loaded CI machine can take seconds to run any exit."""
    async def go():
        http, sockets = await _open_views(served, 2)
        views = children(served.proc.pid)
        began = time.monotonic()
        served.proc.send_signal(signal.SIGTERM)
        while served.proc.poll() is None and time.monotonic() - began < 10:
            await asyncio.sleep(0.02)
        took = time.monotonic() - began
        await http.close()
        return views, took

    views, took = run(go())
    print(f"serve ended {took:.2f} s after SIGTERM with 2 views open")
    assert served.proc.returncode == 0
    assert took < 8.0
    assert alive(views) == set()
    assert not served.pin_path.exists()
    assert "Stopped serving" in wait_for(served.printed)


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


# -- the view cap, on a server in this process (MAX_VIEWS made small) ------------------

@pytest.mark.process
def test_views_beyond_the_cap_get_a_clear_page(data_dir, clock, monkeypatch):
    from aiohttp import web

    from roomtui.views.serve_web import FULL, RoomServer

    monkeypatch.setattr(serve, "MAX_VIEWS", 1)
    session = busy_session(data_dir, clock)
    pin = serve.new_pin(data_dir, session.group["id"])
    port = free_port()
    server = RoomServer(data_dir, session.group["id"], pin, "127.0.0.1", port,
                        say=lambda line: None)
    url = f"http://127.0.0.1:{port}"

    async def go():
        runner = web.AppRunner(await server._make_app())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            async with client() as http:
                await http.post(url + "/pin", data={"pin": pin}, headers={"Origin": url},
                                allow_redirects=False)
                first = await http.ws_connect(url.replace("http", "ws") + "/ws",
                                              headers={"Origin": url})
                await frames_until(first, "Ana Smith")
                full_page = await http.get(url + "/")
                with pytest.raises(aiohttp.WSServerHandshakeError) as second:
                    await http.ws_connect(url.replace("http", "ws") + "/ws",
                                          headers={"Origin": url})
                await first.close()
                while server.views:
                    await asyncio.sleep(0.05)
                again = await http.get(url + "/")
                return full_page.status, await full_page.text(), second.value.status, \
                    again.status
        finally:
            await runner.cleanup()

    status, text, ws_status, later = run(go())
    session.close()
    assert status == 503 and FULL.replace("'", "&#x27;") in text
    assert ws_status == 503
    assert later == 200


# -- the facilitator's screen: the PIN only on request, and word of refusals -----------

async def test_the_pin_is_not_on_the_main_screen_while_serve_runs(make_app, data_dir):
    from roomtui.views import inbox
    from tests.views_helpers import shows

    app = make_app()
    gid = app.session.group["id"]
    lock = serve.hold_serve_lock(data_dir, gid)
    try:
        pin = serve.new_pin(data_dir, gid)
        async with app.run_test(size=(100, 30)) as pilot:
            # the raised-hands bar, which once showed the PIN, has looked since it was made
            inbox.raise_hand(data_dir, gid, "Kim", meeting=app.session.state.id)
            text = await shows(pilot, app, "Raised hands: Kim")
            assert pin not in text and "PIN" not in text
    finally:
        lock.release()


async def test_ctrl_k_shows_the_pin_for_a_while(make_app, data_dir, monkeypatch):
    from tests.screen import screen_text
    from tests.views_helpers import shows, until

    monkeypatch.setattr("roomtui.ui.screens.live.serve.PIN_SECONDS", 1.0)
    app = make_app()
    gid = app.session.group["id"]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+k")
        await shows(pilot, app, "The browser view is not running.")
        lock = serve.hold_serve_lock(data_dir, gid)
        try:
            pin = serve.new_pin(data_dir, gid)
            await pilot.press("ctrl+k")
            await shows(pilot, app, f"Browser view PIN {pin}")
            await until(pilot, lambda: pin not in screen_text(app))
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Browser PIN", "enter")
            await shows(pilot, app, f"Browser view PIN {pin}")
        finally:
            lock.release()


async def test_wrong_pins_reach_the_facilitators_screen(make_app, data_dir):
    from tests.views_helpers import shows

    app = make_app()
    gid = app.session.group["id"]
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        alerts = serve.AlertLog(data_dir, gid, lambda line: None)
        guard = serve.PinGuard("123456", Clock())
        alerts.wrong_pin("192.168.1.23", guard.check("192.168.1.23", "000000"))
        await shows(pilot, app, "Browser view: ")
        await shows(pilot, app, "1 wrong PIN from 192.168.1.23")
        guard.clock.now += 5
        alerts.wrong_pin("192.168.1.23", guard.check("192.168.1.23", "[bold]x[/]"))
        await shows(pilot, app, "2 wrong PINs from 192.168.1.23")


async def test_help_lists_the_pin_key(make_app):
    import re

    from tests.screen import screen_text

    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert re.search(r"ctrl\+k\s+Show the browser view's PIN", screen_text(app))


async def test_a_browser_view_leaves_when_serve_is_no_longer_its_parent(data_dir, clock,
                                                                        monkeypatch):
    """The fallback where the kernel's parent-death signal is missing (not Linux)."""
    import os

    from roomtui.ui.viewer import PARENT_CHECK_SECONDS, WATCH, build_viewer
    from tests.views_helpers import shows, until

    session = busy_session(data_dir, clock)
    monkeypatch.setenv(serve.SERVE_PID_ENV, str(os.getpid()))  # serve is not our parent
    app = build_viewer(data_dir, None, WATCH, clock=clock, browser=True,
                       group_id=session.group["id"])
    async with app.run_test(size=(100, 30)) as pilot:
        await shows(pilot, app, "Ana Smith")
        await until(pilot, lambda: not app.is_running, timeout=5)
    monkeypatch.setenv(serve.SERVE_PID_ENV, str(os.getppid()))  # it is: the view stays
    app = build_viewer(data_dir, None, WATCH, clock=clock, browser=True,
                       group_id=session.group["id"])
    async with app.run_test(size=(100, 30)) as pilot:
        await shows(pilot, app, "Ana Smith")
        await pilot.pause(PARENT_CHECK_SECONDS * 1.5)  # a parent check has happened
        assert app.is_running
    session.close()
