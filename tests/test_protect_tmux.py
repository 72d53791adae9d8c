"""The facilitator app with locked notes in a real terminal: unlock, note, kill -9, again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from roomtui.session import open_session
from tests.tmux import ROOMTUI, Terminal

pytestmark = [pytest.mark.process, pytest.mark.needs("tmux")]

GROUP = "Circle"
PASS = "river stones"
START = 40.0


@pytest.fixture
def data(tmp_path, clock) -> Path:
    root = tmp_path / "data"
    open_session(root, GROUP, clock=clock).close()
    done = subprocess.run([str(ROOMTUI), "--data-dir", str(root), "protect", "--group", GROUP],
                          input=PASS + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return root


def unlock(tmux: Terminal, data: Path, passphrase: str = PASS):
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data), "--group", GROUP)
    app.wait_for("are locked", timeout=START, why="the unlock screen")
    app.type(passphrase)
    app.keys("Enter")
    return app


def exported_notes(data: Path) -> list[str]:
    done = subprocess.run([str(ROOMTUI), "--data-dir", str(data), "export", "latest",
                           "--format", "json"], input=PASS + "\n", capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [n["text"] for n in json.loads(done.stdout)["notes"]]


def test_unlock_write_a_note_kill_9_and_unlock_again(tmux, data):
    app = unlock(tmux, data, "not it")
    app.wait_for("2 tries left")
    assert "not it" not in app.screen()  # hidden input
    app.type(PASS)
    app.keys("Enter")
    app.wait_for("o Note", timeout=START, why="the live screen")
    app.keys("o")
    app.wait_for("a theme, follow-up or resource", why="the note bar")
    app.type("f: bring tissues [bold]x[/]")
    app.keys("Enter")
    app.wait_for("Note saved (follow-up)")
    os.kill(app.pid, signal.SIGKILL)
    assert app.wait_exit()[0] == 128 + signal.SIGKILL
    raw = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert b"tissues" not in raw

    again = unlock(tmux, data)
    again.wait_for("o Note", timeout=START, why="the live screen after a restart")
    assert exported_notes(data) == ["bring tissues [bold]x[/]"]
    again.keys("O")
    again.wait_for("bring tissues [bold]x[/]", why="the note, opened, in the notes list")


def test_three_wrong_tries_then_escape_opens_nothing(tmux, data):
    app = unlock(tmux, data, "one")
    app.wait_for("2 tries left")
    app.type("two")
    app.keys("Enter")
    app.wait_for("1 try left")
    app.type("three")
    app.keys("Enter")
    app.wait_for("Three tries")
    app.keys("Escape")
    code, shown = app.wait_exit()
    assert code == 2 and "stayed locked" in shown


def test_protect_on_a_terminal_asks_twice_hidden_and_says_the_cost_first(tmux, tmp_path, clock):
    root = tmp_path / "plain"
    open_session(root, GROUP, clock=clock).close()
    app = tmux.start(str(ROOMTUI), "--data-dir", str(root), "protect", "--group", GROUP)
    shown = app.wait_for("New passphrase:", timeout=START)
    assert "loses this group's notes" in shown.split("New passphrase:")[0]
    app.type("one thing")
    app.keys("Enter")
    app.wait_for("Same passphrase again:")
    app.type("another")
    app.keys("Enter")
    code, shown = app.wait_exit()
    assert code == 2 and "differ" in shown and "one thing" not in shown
    again = tmux.start(str(ROOMTUI), "--data-dir", str(root), "protect", "--group", GROUP)
    again.wait_for("New passphrase:", timeout=START)
    for _ in range(2):
        again.type("same one")
        again.keys("Enter")
        again.wait_for(lambda s: s.count("assphrase") >= 3 or "locked" in s)
    code, shown = again.wait_exit()
    assert code == 0 and "are locked" in shown and "same one" not in shown
