"""Shared fixtures: a private data folder, a fake clock, and the app factory."""

from __future__ import annotations

import os
import time

import pytest

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
