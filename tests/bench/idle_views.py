"""Idle CPU of the read-only views (issue 15): ``watch``, ``room`` and a browser view,
each against the bare Textual app with a 1 Hz timer, measured in the same run.

The meeting is a share timer running in the Sharing phase, its lock held by this process
as the facilitator's app would hold it, and nothing happening: what a view costs while
the room just listens. The browser view is ``roomtui serve`` with one websocket client
(what a browser's page opens) past the PIN screen; its CPU is the serve process plus
the watch process serve starts for the client, and the bytes the client receives per
second are reported too (a phone on the room's wifi pays for them). Goal: ratios at
most 1.5.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.bench.idle import ROOT, SETTLE, cpu_seconds, idle_run
from tests.bench.idle_child import share_running
from tests.serve_helpers import free_port, port_opens

#: Seconds measured per view: CPU time comes in 10 ms steps and a bare app uses about
#: 3 ms a second, so 20 s would leave each ratio uncertain by a sixth.
WINDOW = 40.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in map(int, kids):
            found += [kid, *_children(kid)]
    return found


class BrowserClient:
    """One browser to ``serve``, in its own thread: enters the PIN in serve's form (the
    ticket cookie then opens the websocket), then counts what the view sends."""

    def __init__(self, port: int, pin: str) -> None:
        self.port, self.pin = port, pin
        self.received = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._talk())
        except BaseException as err:  # reported by the bench, never swallowed
            self.error = err

    async def _talk(self) -> None:
        import aiohttp

        site = f"http://127.0.0.1:{self.port}"
        # a browser keeps cookies from an IP address; aiohttp's default jar does not
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.post(f"{site}/pin", data={"pin": self.pin},
                                 headers={"Origin": site}, allow_redirects=False) as answer:
                if answer.status != 303:
                    raise RuntimeError(f"serve refused the PIN ({answer.status})")
            async with http.ws_connect(f"{site}/ws?width=120&height=40", origin=site) as ws:
                await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
                while not self.stop.is_set():
                    try:
                        msg = await ws.receive(timeout=0.5)
                    except TimeoutError:
                        continue
                    if msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        return
                    data = msg.data
                    self.received += len(data) if isinstance(data, (bytes, str)) else 0


def browser_run(data: Path, window: float) -> tuple[float, float, float]:
    """(serve's CPU s, the browser view's CPU s, bytes received per second)."""
    from roomtui.views import serve

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ROOMTUI_DATA_DIR": str(data),
           "LANG": "C.UTF-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "roomtui", "serve", "--group", "Bench", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        start_new_session=True,
    )
    client = None
    try:
        if not port_opens(port, proc, timeout=60, every=0.2):
            raise RuntimeError("serve did not start")
        group_id = next(p.stem for p in (data / "serve").glob("*.pin"))
        pin = serve.read_pin(serve.pin_file(data, group_id))
        client = BrowserClient(port, pin or "")
        client.thread.start()
        deadline = time.monotonic() + 60
        while not _children(proc.pid) or client.received < 20000:  # the queue drawn
            if client.error or time.monotonic() > deadline:
                raise RuntimeError(f"the browser view did not open ({client.error})")
            time.sleep(0.2)
        time.sleep(SETTLE + 3)
        kids = _children(proc.pid)
        before = cpu_seconds(proc.pid), sum(cpu_seconds(k) for k in kids), client.received
        time.sleep(window)
        after = cpu_seconds(proc.pid), sum(cpu_seconds(k) for k in kids), client.received
        return after[0] - before[0], after[1] - before[1], (after[2] - before[2]) / window
    finally:
        if client is not None:
            client.stop.set()
            client.thread.join(timeout=5)
        os.killpg(proc.pid, 9)
        proc.wait(timeout=10)


def idle_cpu_views(window: float = WINDOW) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        session = share_running(data, "Bench")
        try:
            bare = idle_run("bare", str(data), window)
            watch = idle_run("watch", str(data), window)
            room = idle_run("room", str(data), window)
            serve_s, view_s, rate = browser_run(data, window)
        finally:
            session.close()
    def ratio(s):
        return (s / bare if bare else float("inf"))
    return {
        "idle_views_bare_s": bare,
        "idle_cpu_watch_ratio": ratio(watch),
        "idle_cpu_room_ratio": ratio(room),
        "idle_cpu_browser_view_ratio": ratio(view_s),
        "idle_cpu_browser_with_serve_ratio": ratio(view_s + serve_s),
        "idle_browser_bytes_per_s": rate,
    }


if __name__ == "__main__":
    for name, value in idle_cpu_views(float(sys.argv[1]) if len(sys.argv) > 1 else WINDOW).items():
        print(f"{name}: {value:.3f}")
