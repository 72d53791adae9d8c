"""The HTTP side of ``roomtui serve``: textual-serve's Server with roomtui's fences.

Imported only by ``serve`` (it needs aiohttp). The rules live in ``roomtui.views.serve``;
this module applies them to requests, in this order, before anything is started:

1. every request: ``Host`` must be the address the connection arrived on (else 403);
2. ``GET /`` with no valid ticket: the PIN form, naming nothing;
3. ``POST /pin``: ``Origin`` must be this server; the PIN goes through ``PinGuard``;
4. ``GET /`` with a ticket: the page that opens the view (or a page saying it is full);
5. ``GET /ws``: ticket, ``Origin`` and a free place among ``MAX_VIEWS``, and only then a
   view process, in its own process group, set to die with serve.
"""

from __future__ import annotations

import asyncio
import ctypes
import html
import json
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from roomtui.views import serve
from roomtui.views.serve import RIGHT, AlertLog, PinGuard, Tickets

log = logging.getLogger("roomtui.views.serve")

#: Linux prctl option: the kernel signals this process when its parent dies.
PR_SET_PDEATHSIG = 1
#: Seconds a view has to quit when asked before its process group is killed.
QUIT_GRACE = 0.5

_STYLE = """
body { background: #0c181f; color: #f0f0f0; font: 18px/1.5 system-ui, sans-serif;
       display: flex; align-items: center; justify-content: center; min-height: 90vh; }
main { max-width: 26em; padding: 1.5em; background: #12232d; border-radius: 6px; }
input, button { font: inherit; padding: .4em .6em; margin: .3em 0; }
p.status { color: #ffd27f; min-height: 1.5em; }
"""

_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>roomtui</title><style>{style}</style></head>
<body><main>
<h1>roomtui</h1>
<p>Enter the PIN you were given by the facilitator.</p>
<form method="post" action="/pin">
<input name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12"
 aria-label="PIN" autofocus>
<button type="submit">Open the view</button>
</form>
<p class="status" role="status">{message}</p>
</main></body></html>
"""

_NOTE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>roomtui</title><style>{style}</style></head>
<body><main><h1>roomtui</h1><p>{message}</p></main></body></html>
"""

# textual-serve's page, without its web font from Google (nothing leaves the laptop)
# and with addresses relative to the one the browser used (never 0.0.0.0).
_VIEW = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>roomtui</title>
<link rel="stylesheet" href="/static/css/xterm.css">
<script src="/static/js/textual.js"></script>
<style>
body { background: #0c181f; margin: 0; }
.note { position: absolute; inset: 0; display: flex; align-items: center;
        justify-content: center; color: #f0f0f0; font: 18px system-ui, sans-serif; }
body.-first-byte .intro, body:not(.-closed) .closed { display: none; }
body .textual-terminal { opacity: 0; }
body.-first-byte .textual-terminal { opacity: 1; }
body.-closed .textual-terminal { display: none; }
</style></head>
<body>
<div class="note intro">Opening the view…</div>
<div class="note closed">The view has closed. Reload this page to open it again.</div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws_url}"
 data-font-size="16"></div>
</body></html>
"""

#: Only this server's own scripts, styles and websocket; no frames, no other forms.
CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
WRONG_ADDRESS = "Open the address that roomtui serve printed (names are not served)."
FULL = (f"The browser view is full: {serve.MAX_VIEWS} views are open. "
        "Close one of them, then reload this page.")


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up before any fork (never inside the child)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with(parent: int, prctl: Callable[..., int] | None) -> Callable[[], None]:
    """For ``preexec_fn``: the view is killed when serve dies, however serve dies.

    Set between fork and exec, and kept across exec. If serve died before the setting
    took hold, the child's parent is already someone else: it leaves at once.
    """

    def arm() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arm


class ViewService(AppService):
    """One browser view's process: started from an argument list (no shell), in a
    process group of its own, set to die with serve."""

    def __init__(self, argv: list[str], prctl: Callable[..., int] | None, **kwargs) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.prctl = prctl
        self.process: asyncio.subprocess.Process | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24):
        self.process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**self._build_environment(width=width, height=height),
                 serve.SERVE_PID_ENV: str(os.getpid())},
            start_new_session=True,
            preexec_fn=die_with(os.getpid(), self.prctl),
        )
        self._process = process  # textual-serve's run() reads it there
        self._stdin = process.stdin
        return process

    async def end(self) -> None:
        """Ask the view to quit; after ``QUIT_GRACE`` kill its whole process group."""
        try:
            await asyncio.wait_for(self.stop(), QUIT_GRACE)
        except (TimeoutError, ConnectionError, RuntimeError):
            pass  # it did not quit in time (or its pipe is gone): the kill below ends it
        process = self.process
        if process is None:
            return
        if process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            await asyncio.wait_for(process.wait(), 1.0)
        except TimeoutError:
            log.warning("A browser view's process did not end after SIGKILL.")


def _clamp(value: str, low: int, high: int, default: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except ValueError:
        return default


class RoomServer(Server):
    """textual-serve with roomtui's fences; see the module docstring."""

    def __init__(self, root: Path, group_id: str, pin: str, host: str, port: int,
                 say: Callable[[str], None] = print) -> None:
        argv = serve.browser_argv(root, group_id)
        super().__init__(" ".join(argv), host=host, port=port, title="roomtui")
        self.argv = argv
        self.guard = PinGuard(pin)
        self.tickets = Tickets()
        self.alerts = AlertLog(root, group_id, say)
        self.views: dict[ViewService, web.WebSocketResponse] = {}
        self._prctl = _prctl()

    # -- setting up ----------------------------------------------------------------------
    def initialize_logging(self) -> None:
        """Only problems on serve's terminal (no request log naming every address)."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._fence], client_max_size=16 * 1024)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.post("/pin", self.handle_pin, name="pin"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """``roomtui serve`` prints its own lines (the real address, the PIN)."""

    def serve(self, debug: bool = False) -> None:
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=None, access_log=None, shutdown_timeout=1.0)

    async def on_shutdown(self, app: web.Application) -> None:
        """Views end with serve: each is asked to quit, then its process group killed."""
        views = list(self.views.items())
        await asyncio.gather(*(ws.close(code=1001, message=b"roomtui serve stopped")
                               for _, ws in views), return_exceptions=True)
        await asyncio.gather(*(view.end() for view, _ in views), return_exceptions=True)

    # -- the fences ------------------------------------------------------------------------
    @web.middleware
    async def _fence(self, request: web.Request, handler):
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        local = sockname[0] if sockname else ""
        if not serve.host_allowed(request.headers.get("Host"), local, self.port):
            self.alerts.refused(self._who(request), "a page from another address")
            raise web.HTTPForbidden(text=WRONG_ADDRESS)
        try:
            response = await handler(request)
        except web.HTTPException as refusal:
            self._private(refusal)
            raise
        if not response.prepared:
            self._private(response)
        return response

    @staticmethod
    def _private(response: web.StreamResponse | web.HTTPException) -> None:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer makes Origin "null"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = CSP

    @staticmethod
    def _who(request: web.Request) -> str:
        return request.remote or "an unknown address"

    def _origin_ok(self, request: web.Request, required: bool) -> bool:
        origin = request.headers.get("Origin")
        if origin is None and not required:
            return True  # a browser sends no Origin when the address is typed in
        return serve.origin_allowed(origin, request.headers.get("Host"))

    def _ticket_ok(self, request: web.Request) -> bool:
        return self.tickets.valid(request.cookies.get(serve.COOKIE))

    @staticmethod
    def _page(template: str, message: str, status: int = 200) -> web.Response:
        body = template.format(style=_STYLE, message=html.escape(message))
        return web.Response(text=body, content_type="text/html", status=status)

    # -- the routes ------------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        if not self._origin_ok(request, required=False):
            self.alerts.refused(self._who(request), "a page from another site")
            raise web.HTTPForbidden(text="Refused.")
        if not self._ticket_ok(request):
            return self._page(_FORM, "")
        if len(self.views) >= serve.MAX_VIEWS:
            return self._page(_NOTE, FULL, status=503)
        ws_url = html.escape(f"ws://{request.headers['Host']}/ws", quote=True)
        return web.Response(text=_VIEW.replace("{ws_url}", ws_url), content_type="text/html")

    async def handle_pin(self, request: web.Request) -> web.Response:
        if not self._origin_ok(request, required=True):
            self.alerts.refused(self._who(request), "a PIN sent from another site")
            raise web.HTTPForbidden(text="Refused.")
        form = await request.post()
        typed = form.get("pin", "")
        attempt = self.guard.check(self._who(request), typed if isinstance(typed, str) else "")
        if attempt.outcome == RIGHT:
            response = web.HTTPSeeOther("/")
            response.set_cookie(serve.COOKIE, self.tickets.issue(), httponly=True,
                                samesite="Strict", path="/")
            raise response
        self.alerts.wrong_pin(self._who(request), attempt)
        if attempt.counted:  # a wrong PIN is answered only after the wait it earned
            await asyncio.sleep(min(attempt.wait, serve.FIRST_DELAY * 2 ** (attempt.wrong - 1)))
        # (a lockout's answer is not held back for its 15 minutes, only its first wait)
        status = 200 if attempt.outcome == serve.EMPTY else 403
        return self._page(_FORM, attempt.message, status=status)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        who = self._who(request)
        if not self._origin_ok(request, required=True):
            self.alerts.refused(who, "a page from another site")
            raise web.HTTPForbidden(text="Refused.")
        if not self._ticket_ok(request):
            self.alerts.refused(who, "no PIN entered")
            raise web.HTTPForbidden(text="Enter the PIN first.")
        if len(self.views) >= serve.MAX_VIEWS:
            self.alerts.refused(who, f"already {serve.MAX_VIEWS} views open")
            raise web.HTTPServiceUnavailable(text=FULL)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        view = ViewService(self.argv, self._prctl, write_bytes=websocket.send_bytes,
                           write_str=websocket.send_str, close=websocket.close,
                           download_manager=self.download_manager)
        self.views[view] = websocket  # the place is taken before anything is awaited
        try:
            await websocket.prepare(request)
            await view.start(_clamp(request.query.get("width", "80"), 20, 400, 80),
                             _clamp(request.query.get("height", "24"), 5, 200, 24))
            await self._process_messages(websocket, view)
        except ConnectionError:
            pass  # the browser went away: end the view below
        finally:
            self.views.pop(view, None)
            await view.end()
            await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        """As textual-serve's, but a malformed message is ignored, never an exception."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(
                    _clamp(str(data.get("width", 80)), 20, 400, 80),
                    _clamp(str(data.get("height", 24)), 5, 200, 24))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:32]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
