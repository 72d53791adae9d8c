"""A real ``roomtui serve`` for the tests: start it, count its children, wait on it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from roomtui.views import serve
from tests.views_helpers import GROUP, busy_session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_opens(port: int, proc: subprocess.Popen, timeout: float, every: float = 0.1) -> bool:
    """Whether something listens on ``port`` (localhost) before ``timeout`` seconds pass
    or ``proc`` ends."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(every)


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


def children(pid: int) -> set[int]:
    """Every living descendant of ``pid``, from /proc (zombies are not alive)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


class Served:
    """A running ``roomtui serve``: its process, port, PIN and the lines it printed."""

    def __init__(self, proc: subprocess.Popen, port: int, pin_path: Path, session) -> None:
        self.proc = proc
        self.port = port
        self.pin_path = pin_path
        self.session = session
        self.pin = serve.read_pin(pin_path)
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def printed(self) -> str:
        return "".join(self.output)


def start_serve(data_dir, session, *extra: str) -> Served:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "roomtui", "serve", "--group", GROUP, "--port", str(port),
         "--data-dir", str(data_dir), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if not port_opens(port, proc, timeout=30):
        proc.kill()
        pytest.fail(f"serve did not start: {proc.communicate()[0]}")
    return Served(proc, port, serve.pin_file(data_dir, session.group["id"]), session)


@pytest.fixture
def served(data_dir, clock, request):
    """A group's meeting and a ``roomtui serve`` process for it."""
    session = busy_session(data_dir, clock)
    extra = ["--lan"] if getattr(request, "param", "") == "lan" else []
    running = start_serve(data_dir, session, *extra)
    yield running
    if running.proc.poll() is None:
        running.proc.terminate()
        running.proc.wait(timeout=20)
    session.close()


def wait_for(condition, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what} never held"
        time.sleep(0.05)
    return result


@contextlib.contextmanager
def lan_test_address():
    """A non-loopback IPv4 address of this very machine, for the ``--lan`` tests.

    The machine's own (its route out, else ``hostname -I``); failing that, or with
    ROOMTUI_TEST_VETH=1, a veth pair made for the test with an address from the
    benchmarking range (198.18.0.0/15, never a real host's), removed afterwards.
    Yields None when there is neither (no address, and no right to make one).
    """
    found = None if os.environ.get("ROOMTUI_TEST_VETH") else _own_address()
    if found is not None:
        yield found
        return
    name = f"rtv{os.getpid() % 100000}"
    address = f"198.18.{os.getpid() % 250}.1"
    made = _ip("link", "add", name, "type", "veth", "peer", "name", name + "p")
    try:
        if not (made and _ip("addr", "add", f"{address}/32", "dev", name)
                and _ip("link", "set", name, "up") and _ip("link", "set", name + "p", "up")):
            yield None
            return
        yield address
    finally:
        if made:
            _ip("link", "del", name)


def _own_address() -> str | None:
    found = serve.lan_address()
    if found:
        return found
    try:
        words = subprocess.run(["hostname", "-I"], capture_output=True, text=True,
                               timeout=5).stdout.split()
    except OSError:
        return None
    return next((w for w in words if "." in w and not w.startswith("127.")), None)


def _ip(*args: str) -> bool:
    try:
        return subprocess.run(["ip", *args], capture_output=True, timeout=10).returncode == 0
    except OSError:
        return False
