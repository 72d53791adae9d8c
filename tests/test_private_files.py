"""Under umask 022, every file a full session leaves is 0600 and every folder 0700.

tests/test_storage.py checks a bare session; this one goes through everything that
writes: the facilitator app (queue, a note, attendance), a copied format, a raised hand
in the inbox, ``export -o``, the review app, retention and the private log.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from roomtui import cli
from roomtui.storage import locations
from roomtui.views import inbox
from tests.conftest import FakeClock
from tests.screen import screen_text
from tests.views_helpers import until


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


async def test_everything_a_full_session_writes_is_private(tmp_path, umask_022, monkeypatch):
    from roomtui.ui.app import build_app
    from roomtui.ui.review import build_review_app

    monkeypatch.delenv("ROOMTUI_DATA_DIR", raising=False)
    data = tmp_path / "data"
    clock = FakeClock()
    app = build_app(data, group="Circle", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"Zed", "enter", "enter", "n")  # a guest, now speaking
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("asterisk", "enter")  # everyone is here
        await pilot.pause()
        await pilot.press("o", *"a private theme", "enter")
        await pilot.pause()
        session = app.session
        session.copy_format(session.formats[0], "Our own")  # formats/<group id>/
        inbox.raise_hand(data, session.group["id"], "Ana",  # inbox/<group id>/
                         meeting=session.state.id)
        await until(pilot, lambda: "Raised hand" in screen_text(app))  # the app picked it up
        clock.advance(600)
        await pilot.press("e", "y")  # end the meeting (index refreshed)
        await pilot.pause()
        assert not session.state.is_open, screen_text(app)
        assert session.state.notes and session.state.attendance is not None
    assert (locations.group_formats_dir(data, session.group["id"])).is_dir()

    out = tmp_path / "exported" / "meeting.md"
    out.parent.mkdir()
    assert cli.main(["export", "latest", "-o", str(out), "--data-dir", str(data)]) == 0
    assert mode(out) == 0o600
    assert cli.main(["retention", "--group", "Circle", "365", "--data-dir", str(data)]) == 0
    review = build_review_app(data)
    async with review.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    log = locations.log_file(data)
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # as the CLI does

    seen_files, seen_dirs = [], []
    for folder, _dirs, files in os.walk(data):
        seen_dirs.append(folder)
        assert mode(Path(folder)) == 0o700, folder
        for name in files:
            seen_files.append(name)
            path = Path(folder) / name
            assert mode(path) == 0o600, f"{path} is {oct(mode(path))}"
    assert {"groups.json", "index.json"} <= set(seen_files)
    assert any(name.endswith(".toml") for name in seen_files)  # the copied format
    assert len(seen_dirs) >= 5, seen_dirs  # data, meetings, locks, formats/<id>, inbox/<id>


@pytest.mark.parametrize("which", ["watch", "room", "review"])
def test_a_view_started_first_makes_a_private_log(tmp_path, umask_022, which):
    """Before the fix ``roomtui watch`` on a fresh folder made roomtui.log 0644."""
    from roomtui.ui.review import build_review_app
    from roomtui.ui.viewer import ROOM, WATCH, build_viewer

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    if which == "review":
        app = build_review_app(data)
    else:
        app = build_viewer(data, group=None, mode=WATCH if which == "watch" else ROOM)
    try:
        assert mode(locations.log_file(data)) == 0o600
    finally:
        app._log_handle.close()
