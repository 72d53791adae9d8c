"""Real terminals for process tests: tmux on a private socket, polled with deadlines.

``Tmux`` runs one shell command per window and reads it as text. ``Terminal`` runs roomtui
itself under ``sh -c 'roomtui ...; echo roomtui-exit=$?; exec sleep'``: roomtui is the
shell's only child (its pid is found from /proc), and once it ends the shell writes its
exit status under roomtui's last words, on the same screen (tmux's own
``#{pane_dead_status}`` is not reliable enough). ``App`` is one such roomtui. Everything
waits by polling ``capture-pane`` against a generous deadline, never a fixed sleep.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.tools import require_tool

ROOMTUI = Path(sys.executable).parent / "roomtui"
START_DEADLINE = 40.0  # a cold Textual start on a busy shared machine
DEADLINE = 20.0
EXIT_DEADLINE = 10.0
WRAPPER = '"$@"; echo "roomtui-exit=$?"; exec sleep 3600'
EXITED = re.compile(r"roomtui-exit=(\d+)")


def wait_on(read, what, timeout: float, why: str = "", every: float = 0.1) -> str:
    """Poll ``read()`` until ``what`` (a string, a regex, or a predicate) holds; return
    what was read, or fail showing it."""
    if isinstance(what, str):
        test = lambda s: what in s  # noqa: E731
    elif isinstance(what, re.Pattern):
        test = lambda s: what.search(s) is not None  # noqa: E731
    else:
        test = what
    end = time.monotonic() + timeout
    while True:
        shown = read()
        if test(shown):
            return shown
        if time.monotonic() > end:
            pytest.fail(f"waited {timeout}s for {why or what!r}; the screen:\n{shown}")
        time.sleep(every)


class Tmux:
    def __init__(self, width: int = 120, height: int = 40) -> None:
        require_tool("tmux")
        self.socket = f"roomtui-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=check, timeout=30)

    def start(self, command: str, name: str = "main") -> None:
        self._tmux("new-session", "-d", "-s", name, "-x", str(self.width), "-y",
                   str(self.height), command)

    def keys(self, *keys: str, name: str = "main") -> None:
        self._tmux("send-keys", "-t", name, *keys)

    def text(self, *chars: str, name: str = "main") -> None:
        self._tmux("send-keys", "-t", name, "-l", *chars)

    def screen(self, name: str = "main") -> str:
        result = self._tmux("capture-pane", "-p", "-t", name, check=False)
        return result.stdout

    def wait_for(self, needle: str, timeout: float = 30, name: str = "main") -> str:
        return wait_on(lambda: self.screen(name), needle, timeout, every=0.2)

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


# -- roomtui itself in a terminal ---------------------------------------------------------
def start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid``: tells our process from a later one with its pid."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def children_of(parent: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            found.append(int(stat_file.parent.name))
    return found


class Terminal:
    """One private tmux server (its own socket), killed at the end whatever happens."""

    def __init__(self, workdir: Path) -> None:
        require_tool("tmux")
        self.socket = f"roomtui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.conf = workdir / "tmux.conf"
        self.conf.write_text("set -g remain-on-exit on\nset -g history-limit 200\n")
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        env.pop("ROOMTUI_DATA_DIR", None)
        env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
        self.env = env
        self.started: list[tuple[int, str | None]] = []  # (pid, start time)
        self.socket_path: Path | None = None
        self.count = 0

    def run(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", str(self.conf), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=DEADLINE,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def start(self, *command: str) -> App:
        self.count += 1
        name = f"app{self.count}"
        self.run(
            "new-session", "-d", "-x", "120", "-y", "40", "-s", name,
            "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8",
            "sh", "-c", WRAPPER, "sh", *command,
        )  # fmt: skip
        shell, socket = self.run("list-panes", "-t", name, "-F",
                                 "#{pane_pid} #{socket_path}").split()
        shell = int(shell)
        self.socket_path = Path(socket)
        self.started.append((shell, start_time(shell)))
        end = time.monotonic() + DEADLINE
        while not (kids := children_of(shell)):
            if time.monotonic() > end:
                pytest.fail(f"roomtui did not start in pane {name}")
            time.sleep(0.05)
        self.started.extend((kid, start_time(kid)) for kid in kids)
        return App(self, name, kids[0])

    def close(self) -> None:
        self.run("kill-server", check=False)  # SIGHUP to every pane
        for pid, started in self.started:  # only processes this test started, still ours
            if started is not None and start_time(pid) == started and not process_gone(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if self.socket_path is not None and self.socket.endswith(self.socket_path.name):
            self.socket_path.unlink(missing_ok=True)


class App:
    def __init__(self, tmux: Terminal, name: str, pid: int) -> None:
        self.tmux, self.name, self.pid = tmux, name, pid

    def screen(self) -> str:
        return self.tmux.run("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, what, timeout: float = DEADLINE, why: str = "") -> str:
        """Poll the screen until ``what`` (a string, a regex, or a predicate) holds."""
        return wait_on(self.screen, what, timeout, why)

    def keys(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux.run("send-keys", "-t", self.name, "-l", text)

    def wait_exit(self, timeout: float = EXIT_DEADLINE) -> tuple[int, str]:
        """Wait until roomtui has ended; return its exit status and the screen it left."""
        shown = self.wait_for(EXITED, timeout, why=f"roomtui (pid {self.pid}) to exit")
        wait_gone(self.pid)
        return int(EXITED.search(shown).group(1)), shown

    def add(self, typed: str, shown: str) -> None:
        """``a``, the name, Enter; wait until the queue shows ``shown``."""
        self.keys("a")
        self.wait_for("Add to queue:", why="the add prompt")
        self.type(typed)
        self.wait_for(lambda s: typed in s.split("Add to queue:")[-1], why=f"{typed!r} typed")
        self.keys("Enter")
        screen = self.wait_for(
            lambda s: "Add to queue:" not in s
            and (in_queue_anywhere(shown).search(s) or "New person:" in s),
            why=f"{shown!r} in the queue",
        )
        if not in_queue_anywhere(shown).search(screen):
            self.keys("Enter")  # "New person: …? Enter adds": a name not on the roster
            self.wait_for(
                lambda s: "New person:" not in s and in_queue_anywhere(shown).search(s),
                why=f"{shown!r} in the queue after Enter adds them",
            )


def process_gone(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (it runs no more code either way)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


def wait_gone(pid: int, timeout: float = EXIT_DEADLINE) -> None:
    end = time.monotonic() + timeout
    while not process_gone(pid):
        if time.monotonic() > end:
            pytest.fail(f"process {pid} still runs after {timeout}s")
        time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path):
    server = Terminal(tmp_path)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def start_app(tmux: Terminal, data: Path) -> App:
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data))
    cmdline = Path(f"/proc/{app.pid}/cmdline").read_bytes().split(b"\0")
    assert str(data).encode() in cmdline, "the shell's child is not roomtui"
    app.wait_for(
        lambda s: "Queue" in s and "a Add" in s, timeout=START_DEADLINE, why="the live screen"
    )
    return app


def in_queue_anywhere(name: str) -> re.Pattern:
    return re.compile(rf"^\s*\d+\s+{re.escape(name)}(?=\s|$)", re.M)
