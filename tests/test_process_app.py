"""The real facilitator app in real terminals (tmux): kill -9, a second app, SIGTERM, SIGHUP.

Each pane runs ``sh -c 'roomtui ...; echo roomtui-exit=$?; exec sleep'``: roomtui is the
shell's only child (its pid is found from /proc), and once it ends the shell writes its
exit status under roomtui's last words, on the same screen. (tmux's own
``#{pane_dead_status}`` is not reliable enough: sometimes it never arrives.) Everything
waits by polling ``capture-pane`` against a generous deadline, never a fixed sleep.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from roomtui import locations
from roomtui.meeting import Meeting
from roomtui.storage import MeetingIndex, MeetingLog

pytestmark = [
    pytest.mark.process,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

BIN = Path(sys.executable).parent
ROOMTUI = BIN / "roomtui"
START_DEADLINE = 40.0  # a cold Textual start on a busy shared machine
DEADLINE = 20.0
EXIT_DEADLINE = 10.0
GUEST = "Zoë [bold]x[/]"
WRAPPER = '"$@"; echo "roomtui-exit=$?"; exec sleep 3600'
EXITED = re.compile(r"roomtui-exit=(\d+)")


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


class Tmux:
    """One private tmux server (its own socket), killed at the end whatever happens."""

    def __init__(self, workdir: Path) -> None:
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
        shell, socket = self.run("list-panes", "-t", name, "-F", "#{pane_pid} #{socket_path}").split()
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
    def __init__(self, tmux: Tmux, name: str, pid: int) -> None:
        self.tmux, self.name, self.pid = tmux, name, pid

    def screen(self) -> str:
        return self.tmux.run("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(self, what, timeout: float = DEADLINE, why: str = "") -> str:
        """Poll the screen until ``what`` (a string, a regex, or a predicate) holds."""
        if isinstance(what, str):
            test = lambda s: what in s  # noqa: E731
        elif isinstance(what, re.Pattern):
            test = lambda s: what.search(s) is not None  # noqa: E731
        else:
            test = what
        end = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if test(shown):
                return shown
            if time.monotonic() > end:
                pytest.fail(f"waited {timeout}s for {why or what!r}; the screen:\n{shown}")
            time.sleep(0.1)

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
        self.wait_for(
            lambda s: "Add to queue:" not in s and in_queue_anywhere(shown).search(s),
            why=f"{shown!r} in the queue",
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
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def start_app(tmux: Tmux, data: Path) -> App:
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data))
    cmdline = Path(f"/proc/{app.pid}/cmdline").read_bytes().split(b"\0")
    assert str(data).encode() in cmdline, "the shell's child is not roomtui"
    app.wait_for(
        lambda s: "Queue" in s and "a Add" in s, timeout=START_DEADLINE, why="the live screen"
    )
    return app


def speaking(name: str) -> re.Pattern:
    return re.compile(rf"│ {re.escape(name)}\s+sharing")


def in_queue(position: int, name: str) -> re.Pattern:
    return re.compile(rf"^\s*{position}\s+{re.escape(name)}(?=\s|$)", re.M)


def in_queue_anywhere(name: str) -> re.Pattern:
    return re.compile(rf"^\s*\d+\s+{re.escape(name)}(?=\s|$)", re.M)


def meeting_on_disk(data: Path) -> Meeting:
    rows = MeetingIndex(locations.index_file(data), readonly=True).all()
    assert len(rows) == 1, rows
    return Meeting(MeetingLog(locations.meeting_file(data, rows[0]["id"]), readonly=True).events())


def export_json(data: Path) -> dict:
    proc = subprocess.run(
        [str(ROOMTUI), "export", "latest", "--format", "json", "--data-dir", str(data)],
        capture_output=True, text=True, timeout=DEADLINE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def crashes_logged(data: Path) -> str:
    log = locations.log_file(data)
    return log.read_text() if log.exists() else ""


def assert_resumed_as_before(app: App) -> None:
    """Ben speaking, Zoë (markup shown literally) waiting, Ana done once."""
    # The first frames may come in parts: wait for all of it on one screen.
    shown = app.wait_for(
        lambda s: speaking("Ben").search(s)
        and in_queue(1, GUEST).search(s)
        and "Resumed where you left off" in s,
        why="Ben speaking, the guest waiting, 'Resumed' after the restart",
    )
    assert not in_queue_anywhere("Ana").search(shown)
    assert not in_queue(2, GUEST).search(shown)  # in the queue once


def build_meeting(app: App) -> None:
    """Ana and Ben from the roster, a guest with markup in the name; Ana speaks, then Ben."""
    app.add("Ana", "Ana")
    app.add("Ben", "Ben")
    app.add(GUEST, GUEST)
    app.wait_for(in_queue(3, GUEST), why="the guest third, brackets shown literally")
    app.keys("n")
    app.wait_for(speaking("Ana"), why="Ana speaking")
    app.keys("n")
    app.wait_for(speaking("Ben"), why="Ben speaking")
    app.wait_for(in_queue(1, GUEST), why="the guest first in the queue")


def test_kill_9_then_restart_resumes_and_a_second_app_is_refused(tmux, data):
    first = start_app(tmux, data)
    first.add("Ana", "Ana")

    # A second facilitator app on the same group, while the first runs: refused.
    second = subprocess.run(
        [str(ROOMTUI), "--data-dir", str(data)],
        stdin=subprocess.PIPE, capture_output=True, text=True, timeout=20, env=tmux.env,
    )  # fmt: skip
    assert second.returncode == 3, (second.returncode, second.stdout, second.stderr)
    assert "already running" in second.stderr
    assert str(first.pid) in second.stderr  # says which process holds it
    assert "Traceback" not in second.stderr + second.stdout
    assert not process_gone(first.pid)  # the first app is untouched and goes on

    first.add("Ben", "Ben")
    first.add(GUEST, GUEST)
    first.wait_for(in_queue(3, GUEST), why="the guest third, brackets shown literally")
    first.keys("n")
    first.wait_for(speaking("Ana"), why="Ana speaking")
    first.keys("n")
    first.wait_for(speaking("Ben"), why="Ben speaking")
    first.wait_for(in_queue(1, GUEST))

    os.kill(first.pid, signal.SIGKILL)
    assert first.wait_exit()[0] == 128 + signal.SIGKILL

    again = start_app(tmux, data)
    assert_resumed_as_before(again)

    exported = export_json(data)
    assert exported["group"] == "Starter group"
    assert exported["ended_at"] is None
    assert [(t["name"], t["kind"]) for t in exported["turns"]] == [("Ana", "share"), ("Ben", "share")]
    meeting = meeting_on_disk(data)
    state = meeting.state
    assert [t.name for t in state.turns] == ["Ana"]  # one finished turn for Ana
    assert state.current is not None and state.current.name == "Ben"  # Ben's, still open
    assert [e.name for e in state.queue] == [GUEST]
    assert GUEST in state.guests
    assert [e["type"] for e in meeting.events] == [
        "meeting_started", "queued", "queued", "queued", "meeting_begun", "next", "next",
    ]  # fmt: skip  (the first n begins the meeting: set-up time is not meeting time)
    assert "Traceback" not in crashes_logged(data)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_ends_the_app_cleanly_and_restart_shows_everything(tmux, data, sig):
    app = start_app(tmux, data)
    build_meeting(app)
    before = meeting_on_disk(data).events

    os.kill(app.pid, sig)
    code, shown = app.wait_exit()
    assert code == 0, shown  # a clean exit
    assert "Saved. The meeting resumes when you start roomtui again." in shown
    assert meeting_on_disk(data).events == before

    again = start_app(tmux, data)
    assert_resumed_as_before(again)
    assert meeting_on_disk(data).events == before
    assert "Traceback" not in crashes_logged(data)


def test_closing_the_terminal_ends_the_app_and_keeps_everything(tmux, data):
    """SIGHUP for real: the terminal (tmux session) goes away under the app."""
    app = start_app(tmux, data)
    build_meeting(app)
    before = meeting_on_disk(data).events

    tmux.run("kill-session", "-t", app.name)
    wait_gone(app.pid)
    assert meeting_on_disk(data).events == before

    again = start_app(tmux, data)
    assert_resumed_as_before(again)
    assert meeting_on_disk(data).events == before

    assert "Traceback" not in crashes_logged(data)  # a closed window is not a crash
