"""Shared fixtures: a private data folder, a fake clock, and the app factory.

Also two rules for the whole suite: ``@pytest.mark.needs("tmux")`` (or chromium, root)
skips a test locally but fails it under CI when the tool is missing (tests/tools.py), and
a test that starts a process without the ``process`` (or ``browser``) mark fails, so
``-m "not process"`` really leaves out every test that spawns one.
"""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.serve_helpers import served  # noqa: F401  (a running roomtui serve)
from tests.tmux import data, tmux  # noqa: F401  (fixtures of the tmux process tests)
from tests.tools import require_tool

os.environ["TZ"] = "UTC"
time.tzset()

START = 1_795_000_000.0  # a fixed moment, so snapshots never change with the date


class FakeClock:
    """A clock the test moves by hand: timers must follow it exactly."""

    def __init__(self, start: float = START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def umask_022():
    """A loose umask, as on many laptops: files must still come out private."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    root = tmp_path / "data"
    monkeypatch.setenv("ROOMTUI_DATA_DIR", str(root))
    return root


@pytest.fixture
def make_app(data_dir, clock):
    """Build the facilitator app the way the command line does, on a temp folder."""
    from roomtui.ui.app import build_app

    apps = []

    def make(**kwargs):
        kwargs.setdefault("clock", clock)
        app = build_app(data_dir, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:  # release locks of apps that never ran
        app.session._lock.release()


def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs"):
        for tool in mark.args:
            require_tool(tool)


@pytest.fixture(autouse=True)
def _processes_are_marked(request, monkeypatch):
    """Fail a test that starts a process but is not marked ``process`` or ``browser``."""
    if request.node.get_closest_marker("process") or request.node.get_closest_marker("browser"):
        yield
        return
    started: list[str] = []
    spawn = subprocess.Popen._execute_child

    def execute_child(self, args, *rest, **kwargs):
        started.append(str(args)[:120])
        return spawn(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "_execute_child", execute_child)
    yield
    if started:
        pytest.fail(f"this test started a process ({started[0]}): mark it @pytest.mark.process",
                    pytrace=False)
