"""About 60 s of the monkey (tests/monkey.py) with a fixed seed: the real apps in tmux,
random keys in bursts, stops, resizes and restarts; no crash, and the data still loads."""

from __future__ import annotations

import pytest

from tests import monkey
from tests.tmux import wait_on

pytestmark = pytest.mark.process

SEED = 19


@pytest.mark.needs("tmux")
def test_a_minute_of_random_keys_crashes_nothing(tmp_path):
    result = monkey.run(SEED, seconds=60, root=tmp_path / "data")
    assert not result.crashes, result.summary()
    assert result.tracebacks == 0, result.summary()
    assert not result.problems, result.summary()
    # it did play: every app was started, keys went in, apps exited and came back
    assert set(result.starts) >= {"app", "review", "watch", "room"}, result.summary()
    assert result.keys_sent > 500, result.summary()
    assert any(code == 0 for _app, code in result.exits), result.summary()
    assert list((tmp_path / "data" / "meetings").glob("*.json")), result.summary()


def test_the_stream_is_the_seed_alone():
    """A seed gives the same steps every time (what makes a kept seed replayable)."""
    take = lambda seed: [s for s, _ in zip(monkey.steps(seed), range(400), strict=False)]  # noqa: E731
    assert take(7) == take(7)
    assert take(7) != take(8)
    assert {s["app"] for s in take(7)[:200] if "app" in s} == set(monkey.APPS)
    ops = {s["op"] for s in take(7)}
    assert ops >= {"keys", "pause", "resize", "stop", "second"}
    keys = {k for s in take(7) if s["op"] == "keys" for k in s["keys"]}
    assert keys >= {"Enter", "Escape", "PPage", "NPage", "C-p", "C-r", "C-t", "Tab", "Up"}


@pytest.mark.needs("tmux")
def test_a_kept_run_replays(tmp_path, capsys):
    """``python -m tests.monkey --replay FILE`` plays exactly the steps written down."""
    import itertools
    import json

    recorded = list(itertools.islice(monkey.steps(5), 40))
    path = tmp_path / "steps.json"
    path.write_text(json.dumps({"seed": 5, "steps": recorded}), encoding="utf-8")
    assert monkey.main(["--replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "seed 5: 40 steps" in out and "monkey_crashes: 0" in out


def _state(pid: int) -> str:
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]


@pytest.mark.needs("tmux")
def test_every_exit_is_recorded_and_a_stop_holds(tmp_path):
    """The monkey's own bar: an exit of 70 is a crash, a kill -9 is one too (tmux can lose
    a pane's status under load; the app's shell writes it), and a SIGSTOP really holds
    the app (tmux continues a stopped pane process at once, so the app is not one)."""
    import os
    import signal
    import time

    fake = tmp_path / "fake-python"  # stands in for "python -m roomtui ..."
    fake.write_text('#!/bin/sh\n[ -e "$0.crash" ] && exit 70\nexec sleep 60\n')
    fake.chmod(0o755)
    runner = monkey.Monkey(tmp_path / "data", str(fake))
    result = monkey.Result(0)

    def until(condition, what):
        wait_on(condition, bool, 20, why=what, every=0.05)

    runner.open()
    try:
        runner.start("app", result)
        until(lambda: runner.app_pid("app"), "the app started")
        pid = runner.app_pid("app")
        assert pid != runner.panes()["app"][1]  # under the shell, not the pane's process
        os.kill(pid, signal.SIGSTOP)
        until(lambda: _state(pid) == "T", "the app stopped")
        time.sleep(0.3)  # a negative check: tmux must not have continued it
        assert _state(pid) == "T"
        os.kill(pid, signal.SIGKILL)
        until(lambda: not runner.alive("app"), "the killed app's pane closed")
        runner.collect(result)
        (tmp_path / "fake-python.crash").touch()
        runner.start("review", result)
        until(lambda: not runner.alive("review"), "the crashing app ended")
        runner.collect(result)
    finally:
        runner.close()
    assert sorted(result.exits, key=str) == [("app", 128 + signal.SIGKILL), ("review", 70)]
    assert sorted(c.code for c in result.crashes) == [70, 128 + signal.SIGKILL]
