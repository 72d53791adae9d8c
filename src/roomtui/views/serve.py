"""``roomtui serve``: the watch view in a browser, behind a PIN checked before anything runs.

textual-serve has no login of its own, so roomtui puts its fences in the HTTP layer
(``roomtui.views.serve_web``), before any app process exists:

- it binds the loopback address unless ``--lan`` is given;
- ``GET /`` without a valid ticket is a small PIN form that names nothing;
- ``POST /pin`` checks the PIN in constant time, slows and then locks out an address
  that guesses wrong (``PinGuard``), and on success sets a signed ticket cookie
  (``Tickets``: HMAC with a secret made fresh for each run);
- the page and its websocket need the ticket, a ``Host`` that is the address the
  connection arrived on (no DNS rebinding) and an ``Origin`` of that same address (no
  other site's page); anything else is refused with 403 and starts nothing;
- each browser view is its own read-only ``roomtui watch --browser`` process, found by
  group id, in its own process group, that dies with serve.

The PIN is made fresh for every run and kept in a 0600 file in the data folder, where the
facilitator's app (same user, same laptop) reads it when asked. Wrong PINs and refused
views are printed on serve's terminal and kept in a small 0600 alerts file beside the
PIN, which the facilitator's app shows. This module is pure Python (no aiohttp), so
the rules are testable without a server.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import ipaddress
import math
import secrets
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from roomtui.storage import WriterLock, atomic_write_bytes, ensure_dir, is_locked, locations

PIN_DIGITS = 6
LOOPBACK = "127.0.0.1"
ALL_ADDRESSES = "0.0.0.0"
#: Browser views open at once; more get a page saying the view is full.
MAX_VIEWS = 5
#: Wrong PINs from one address before it is locked out.
MAX_WRONG = 5
#: Seconds an address must wait after its first wrong PIN; doubled after each one.
FIRST_DELAY = 1.0
#: Seconds a locked-out address waits before it may try again.
LOCKOUT_SECONDS = 15 * 60
#: Wrong PINs from every address together before PIN entry closes for this run: at most
#: 30 guesses of a million PINs, whatever number of addresses a guesser has.
MAX_WRONG_TOTAL = 30
#: The cookie holding a browser's ticket.
COOKIE = "roomtui_view"
#: Environment variable telling a browser view serve's process id (it leaves without it).
SERVE_PID_ENV = "ROOMTUI_SERVE_PID"
#: Lines kept in the alerts file.
ALERTS_KEPT = 20


class PortInUse(Exception):
    """Something already listens on the port."""


def pin_file(root: Path, group_id: str, make: bool = True) -> Path:
    folder = Path(root) / "serve"
    return (ensure_dir(folder) if make else folder) / f"{group_id}.pin"


def alerts_file(root: Path, group_id: str, make: bool = True) -> Path:
    """Wrong PINs and refused views, newest last, for the facilitator's app (0600)."""
    return pin_file(root, group_id, make).with_suffix(".alerts")


def serve_lock(root: Path, group_id: str) -> Path:
    return locations.locks_dir(Path(root)) / f"{group_id}.serve.lock"


def new_pin(root: Path, group_id: str) -> str:
    """Make and store a fresh PIN (0600); forget the last run's alerts. Returns the PIN."""
    pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
    atomic_write_bytes(pin_file(root, group_id), pin.encode("ascii"))
    alerts_file(root, group_id).unlink(missing_ok=True)
    return pin


def read_pin(path: Path) -> str | None:
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text if text.isdigit() and len(text) == PIN_DIGITS else None


def showing_pin(root: Path, group_id: str) -> str | None:
    """The PIN for the facilitator's screen, only while a ``serve`` for the group runs."""
    if not is_locked(serve_lock(root, group_id)):
        return None
    return read_pin(pin_file(root, group_id, make=False))


def read_alerts(root: Path, group_id: str) -> list[str]:
    """The alerts file's lines (printable characters only; nothing when there is none)."""
    try:
        raw = alerts_file(root, group_id, make=False).read_text("utf-8", errors="replace")
    except OSError:
        return []
    return [clean for line in raw.splitlines()
            if (clean := "".join(c for c in line if c.isprintable()).strip())]


def write_alerts(root: Path, group_id: str, lines: list[str]) -> None:
    text = "\n".join(lines[-ALERTS_KEPT:]) + "\n"
    atomic_write_bytes(alerts_file(root, group_id), text.encode("utf-8"))


def check_port(host: str, port: int) -> None:
    """Raise PortInUse if the address is taken, before the server tries it."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    except OSError as err:
        if err.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(str(err)) from None
        raise
    finally:
        probe.close()


def lan_address() -> str | None:
    """This laptop's address on its network, or None when it has none but loopback.

    Connecting a UDP socket sends nothing; it only asks the kernel which local address
    would carry traffic toward a (non-routable, documentation) address.
    """
    for probe_to in ("10.255.255.255", "192.0.2.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((probe_to, 9))
                found = probe.getsockname()[0]
        except OSError:
            continue
        if _reachable(found):
            return found
    try:  # no route out (an offline hotspot?): any address the host name has
        names = socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        names = []
    return next((found for found in names if _reachable(found)), None)


def _reachable(address: str) -> bool:
    """An address other devices could use: not loopback, not the unspecified one."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)


def served_url(host: str, port: int) -> str:
    return f"http://{host}/" if port == 80 else f"http://{host}:{port}/"


def browser_argv(root: Path, group_id: str) -> list[str]:
    """What each browser view runs: a read-only watch view of the group, by its id."""
    return [sys.executable, "-m", "roomtui", "watch", "--browser",
            "--data-dir", str(root), "--group-id", group_id]


def hold_serve_lock(root: Path, group_id: str) -> WriterLock:
    """Raises AlreadyOpen if another ``serve`` runs for this group."""
    return WriterLock(serve_lock(root, group_id)).acquire()


# -- who may come in ---------------------------------------------------------------------

def host_allowed(host: str | None, local_address: str, port: int) -> bool:
    """``Host`` must name the address the connection arrived on, as an IP literal.

    A page served from another name (DNS rebinding: evil.example resolving to this
    laptop) therefore never gets an answer. ``localhost`` is accepted on loopback.
    """
    if not host or not local_address:
        return False
    name, sep, given_port = host.rpartition(":")
    if not sep or name.endswith("]"):  # no port given, or an IPv6 literal without one
        name, given_port = host, ""
    if given_port != str(port) and not (given_port == "" and port == 80):
        return False
    name = name.strip("[]").lower()
    try:
        local = ipaddress.ip_address(local_address)
    except ValueError:
        return False
    if name == "localhost":
        return local.is_loopback
    try:
        return ipaddress.ip_address(name) == local
    except ValueError:
        return False


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """``Origin`` must be this very server, as the browser reached it."""
    return bool(origin) and bool(host) and origin == f"http://{host}"


class Tickets:
    """Signed tickets for the cookie: a random nonce and its HMAC under a per-run secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _mac(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, ticket: str | None) -> bool:
        if not ticket or ticket.count(".") != 1 or not ticket.isascii():
            return False
        nonce, mac = ticket.split(".")
        return hmac.compare_digest(mac.encode("ascii"), self._mac(nonce).encode("ascii"))


RIGHT = "right"
WRONG = "wrong"
EMPTY = "empty"
WAIT = "wait"
LOCKED = "locked"
CLOSED = "closed"


@dataclass(frozen=True)
class Attempt:
    """What became of one PIN typed from one address."""

    outcome: str
    #: Seconds until this address may try again (0 when it may now).
    wait: float = 0.0
    #: Wrong PINs from this address so far.
    wrong: int = 0
    #: Whether this PIN was compared (and was wrong): what the facilitator is told of.
    counted: bool = False

    @property
    def message(self) -> str:
        """For the person at the browser: calm, and never says how close the guess was."""
        if self.outcome == EMPTY:
            return "Type the PIN, then press Enter."
        if self.outcome == CLOSED:
            return ("Too many wrong PINs have been tried. Ask the facilitator to restart "
                    "the browser view.")
        if self.outcome == LOCKED:
            return ("Too many wrong PINs from this device. Ask the facilitator, "
                    f"or try again in {math.ceil(self.wait / 60)} minutes.")
        if self.outcome == WAIT:
            return f"Please wait {_seconds(self.wait)}, then try again."
        if self.outcome == WRONG:
            return "That PIN is not right. Try again (each wrong PIN slows the next answer)."
        return ""


def _seconds(wait: float) -> str:
    whole = math.ceil(wait)
    return "1 second" if whole == 1 else f"{whole} seconds"


class PinGuard:
    """Checks typed PINs per client address: a growing wait after each wrong one, a
    lockout after ``MAX_WRONG``, and PIN entry closed for everyone after
    ``MAX_WRONG_TOTAL``. An empty PIN, or one sent during the wait (a guesser sending
    many at once), costs nothing and is not compared. The server holds back a wrong
    PIN's answer for the wait, so one browser just sees a slower answer."""

    def __init__(self, pin: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._pin = pin.encode("ascii")
        self.clock = clock
        self._wrong: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self.wrong_total = 0

    def check(self, address: str, typed: str) -> Attempt:
        now = self.clock()
        wrong = self._wrong.get(address, 0)
        wait = max(0.0, self._until.get(address, 0.0) - now)
        if self.wrong_total >= MAX_WRONG_TOTAL:
            return Attempt(CLOSED, wrong=wrong)
        if wrong >= MAX_WRONG:
            if wait > 0:
                return Attempt(LOCKED, wait, wrong)
            wrong = 0  # the lockout is over: a fresh start
            self._wrong.pop(address, None)
        typed = typed.strip()
        if not typed:
            return Attempt(EMPTY, wait, wrong)
        if wait > 0:
            return Attempt(WAIT, wait, wrong)
        given = typed.encode("utf-8")
        if hmac.compare_digest(given, self._pin):
            self._wrong.pop(address, None)
            self._until.pop(address, None)
            return Attempt(RIGHT)
        wrong += 1
        self.wrong_total += 1
        self._wrong[address] = wrong
        wait = LOCKOUT_SECONDS if wrong >= MAX_WRONG else FIRST_DELAY * 2 ** (wrong - 1)
        self._until[address] = now + wait
        return Attempt(LOCKED if wrong >= MAX_WRONG else WRONG, wait, wrong, counted=True)


def worth_saying(count: int) -> bool:
    """Report the 1st, 2nd, 5th, 10th, 20th, 50th, 100th ... refusal: a flood of them
    cannot flood the facilitator's terminal."""
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count in (1, 2, 5)


class AlertLog:
    """Tells the facilitator of wrong PINs and refused views: a line on serve's terminal,
    and the same line in the alerts file the facilitator's app shows."""

    def __init__(self, root: Path, group_id: str, say: Callable[[str], None]) -> None:
        self.root = root
        self.group_id = group_id
        self.say = say
        self.lines: list[str] = []
        self._refused: dict[tuple[str, str], int] = {}
        self._closed_said = False

    def add(self, line: str) -> None:
        line = "".join(c for c in line if c.isprintable())
        self.say(line)
        self.lines.append(f"{time.strftime('%H:%M')} {line}")
        del self.lines[:-ALERTS_KEPT]
        try:
            write_alerts(self.root, self.group_id, self.lines)
        except OSError:
            pass  # the terminal line is said; the facilitator's app just misses this one

    def wrong_pin(self, address: str, attempt: Attempt) -> None:
        if attempt.outcome == CLOSED:
            if not self._closed_said:
                self._closed_said = True
                self.add(f"PIN entry is closed after {MAX_WRONG_TOTAL} wrong PINs. "
                         "Restart roomtui serve for a new PIN.")
            return
        if not attempt.counted:
            return  # empty, or typed while waiting or locked: not compared, not news
        plural = "s" if attempt.wrong != 1 else ""
        line = f"{attempt.wrong} wrong PIN{plural} from {address}"
        if attempt.outcome == LOCKED:
            line += f"; locked out for {LOCKOUT_SECONDS // 60} minutes"
        self.add(line)

    def refused(self, address: str, reason: str) -> None:
        key = (address, reason)
        self._refused[key] = count = self._refused.get(key, 0) + 1
        if worth_saying(count):
            times = "" if count == 1 else f" ({count} times)"
            self.add(f"Refused a browser view from {address}: {reason}{times}")
