"""A real terminal for process tests: tmux on its own socket, polled with deadlines."""

from __future__ import annotations

import subprocess
import time
import uuid

from tests.tools import require_tool


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
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(name)
            if needle in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} not on screen after {timeout}s:\n{screen}")
            time.sleep(0.2)

    def kill(self) -> None:
        self._tmux("kill-server", check=False)
