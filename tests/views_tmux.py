"""Real terminals for process tests: each roomtui in its own tmux pane, read as text."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.tools import require_tool

PYTHON = sys.executable


class Tmux:
    """A private tmux server (its own socket), so tests never touch anyone's sessions."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def _run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return out.stdout

    def start(self, name: str, argv: list[str], size=(120, 40)) -> None:
        exports = " ".join(f"{k}={v}" for k, v in self.env.items())
        command = f"env {exports} " + " ".join(_quote(a) for a in argv) + "; sleep 30"
        self._run("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                  command)

    def keys(self, name: str, *keys: str) -> None:
        self._run("send-keys", "-t", name, *keys)

    def type(self, name: str, text: str) -> None:
        self._run("send-keys", "-t", name, "-l", text)

    def screen(self, name: str) -> str:
        return self._run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, text: str, timeout: float = 15.0) -> float:
        """Seconds until ``text`` is on screen; fails with the screen if it never comes."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if text in self.screen(name):
                return time.monotonic() - started
            time.sleep(0.02)
        pytest.fail(f"{text!r} never appeared in {name}:\n{self.screen(name)}")

    def kill(self) -> None:
        self._run("kill-server")


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def tmux_env(data_dir: Path) -> dict[str, str]:
    return {
        "ROOMTUI_DATA_DIR": str(data_dir),
        "TZ": "UTC",
        "TERM": "xterm-256color",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p.endswith("src")) or ".",
    }


def need_tmux() -> None:
    require_tool("tmux")


def roomtui(*args: str) -> list[str]:
    """The command line of ``roomtui *args`` (this Python, this source tree)."""
    return [PYTHON, "-m", "roomtui", *args]


@pytest.fixture(name="tmux")
def views_tmux(data_dir, request):
    """``tmux``: a private tmux server for this test (its data folder made), killed at the
    end. A test file that imports it has it in place of the conftest's (tests/tmux.py)."""
    need_tmux()
    data_dir.mkdir(parents=True, exist_ok=True)
    label = request.module.__name__.rsplit("_", 1)[-1]  # views_process: process, ...
    term = Tmux(f"roomtui-{label}-{os.getpid()}-{request.node.name[:20]}", tmux_env(data_dir))
    yield term
    term.kill()
