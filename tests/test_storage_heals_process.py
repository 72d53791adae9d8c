"""Storage that heals, in real processes (issue #11, items 3, 4 and 7): the facilitator app
in a real terminal (tmux), the read commands as subprocesses."""

from __future__ import annotations

import json
import subprocess

import pytest

from roomtui.session import open_session
from roomtui.storage import MeetingIndex, MeetingLog, locations
from tests.test_process_app import in_queue
from tests.tmux import DEADLINE, ROOMTUI, START_DEADLINE

pytestmark = pytest.mark.process


def cli(data, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOMTUI), *args, "--data-dir", str(data)], capture_output=True,
                          text=True, timeout=DEADLINE, stdin=subprocess.DEVNULL)


def meeting(data, names, new=False) -> str:
    s = open_session(locations.data_dir(data), new=new)
    for name in names:
        assert s.attempt(lambda at, n=name: s.meeting.queue(n, at))[0]
    s.close()
    return s.state.id


def start(tmux, data, *extra):
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data), *extra)
    app.wait_for(lambda s: "Queue" in s and "a Add" in s, timeout=START_DEADLINE,
                 why="the live screen")
    return app


@pytest.mark.parametrize("extra", [(), ("--new",)], ids=["resume", "--new"])
def test_missing_meeting_file_the_app_opens_a_usable_meeting(tmux, data, extra):
    old = meeting(data, ["Ana"])
    path = locations.meeting_file(data, old)
    path.rename(data / "moved-away.json")
    app = start(tmux, data, *extra)
    shown = app.wait_for("has no file any more", why="what happened, said on screen")
    assert "Resumed where you left off" not in shown
    assert "has not started" not in shown
    app.add("Ben", "Ben")
    app.wait_for(in_queue(1, "Ben"))
    app.keys("C-q")
    code, shown = app.wait_exit()
    assert code == 0, shown
    rows = MeetingIndex(locations.index_file(data), readonly=True).all()
    assert len(rows) == 1 and rows[0]["id"] != old
    events = MeetingLog(locations.meeting_file(data, rows[0]["id"])).events()
    assert [e.get("name") for e in events if e["type"] == "queued"] == ["Ben"]


@pytest.mark.parametrize("damage", ["garbage", "started_at-text", "missing"])
def test_damaged_index_is_rebuilt_and_the_open_meeting_resumed(tmux, data, damage):
    ended = meeting(data, ["Ana"])
    open_id = meeting(data, ["Ben"], new=True)
    index = locations.index_file(data)
    if damage == "missing":
        index.unlink()
    elif damage == "garbage":
        index.write_bytes(b"\x00garbage{")
    else:
        rows = json.loads(index.read_bytes())
        rows["meetings"]["1"]["started_at"] = "yesterday"
        index.write_text(json.dumps(rows))
    before = None if damage == "missing" else index.read_bytes()
    listed = cli(data, "sessions")
    assert listed.returncode == 0, listed.stderr
    assert "rebuilt it from the meeting files" in listed.stderr
    assert ended in listed.stdout and open_id in listed.stdout
    aside = sorted(data.glob("index.damaged-*.json"))
    assert [p.read_bytes() for p in aside] == ([] if before is None else [before])
    for args in (["export", "latest", "--format", "json"], ["purge", "--older-than", "30"]):
        done = cli(data, *args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
    app = start(tmux, data)
    app.wait_for(lambda s: "Resumed where you left off" in s and in_queue(1, "Ben").search(s),
                 why="the open meeting resumed")
    app.keys("C-q")
    assert app.wait_exit()[0] == 0


def test_damaged_index_while_the_app_runs_review_still_lists(tmux, data):
    meeting(data, ["Ana"])
    app = start(tmux, data)
    locations.index_file(data).write_bytes(b"[1, 2")
    review = tmux.start(str(ROOMTUI), "review", "--data-dir", str(data))
    review.wait_for("Starter group", timeout=START_DEADLINE, why="the review list")
    app.keys("C-q")
    assert app.wait_exit()[0] == 0
    assert len(list(data.glob("index.damaged-*.json"))) == 1


def test_groups_made_from_two_processes_never_share_an_id(data):
    """Item 7: TinyDB caches the next id per process. This process (as the app's groups
    screen does) makes a group, a second process makes one, then this one makes another."""
    from roomtui.groups import create_group

    s = open_session(locations.data_dir(data), "First")
    try:
        create_group(s, "Second")
        done = cli(data, "retention", "--group", "From elsewhere", "30")
        assert done.returncode == 0, done.stderr
        create_group(s, "Third")  # was: ValueError: Document with ID 4 already exists
        done = cli(data, "retention", "--group", "Fourth", "off")
        assert done.returncode == 0, done.stderr
        s.save_group_setting("bell", True)
    finally:
        s.close()
    raw = json.loads(locations.groups_file(data).read_bytes())["groups"]
    names = sorted(g["name"] for g in raw.values())
    assert names == ["First", "Fourth", "From elsewhere", "Second", "Third"]
    assert len(set(raw)) == 5
    listed = cli(data, "sessions")
    assert listed.returncode == 0, listed.stderr
