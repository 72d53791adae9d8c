"""Meetings that never began are not meetings: the list, `sessions` and `export latest`."""

from __future__ import annotations

from roomtui import archive
from roomtui.cli import main as cli_main
from roomtui.session import open_session
from tests.conftest import FakeClock


def held_meeting(root, clock, group=None) -> str:
    session = open_session(root, group, clock=clock, await_begin=True)
    clock.advance(60)
    session.attempt(session.meeting.begin)
    clock.advance(600)
    session.attempt(session.meeting.end)
    meeting_id = session.state.id
    session.close()
    return meeting_id


def test_a_visit_is_not_the_latest_meeting_and_an_unbegun_end_is_not_listed(data_dir, capsys):
    clock = FakeClock()
    held = held_meeting(data_dir, clock)
    clock.advance(3600)
    visit = open_session(data_dir, "Other group", clock=clock, await_begin=True)  # as `l` would open it
    visit_id = visit.state.id
    visit.close()
    assert archive.find_row(data_dir, "latest")["id"] == held
    assert cli_main(["--data-dir", str(data_dir), "export", "latest", "--format", "json"]) == 0
    assert f'"id": "{held}"' in capsys.readouterr().out
    # the visit is still open ("not started"), so it is listed as such
    assert visit_id in [item.id for item in archive.list_meetings(data_dir)]
    # ended before it began: gone from the list and from `sessions`
    clock.advance(60)
    again = open_session(data_dir, "Other group", new=True, clock=clock,
                         await_begin=True)
    again.close()
    ids = [item.id for item in archive.list_meetings(data_dir)]
    assert visit_id not in ids and held in ids
    assert cli_main(["--data-dir", str(data_dir), "sessions"]) == 0
    out = capsys.readouterr().out
    assert visit_id not in out and held in out


def test_started_at_is_the_begin_not_the_opening(data_dir):
    clock = FakeClock()
    session = open_session(data_dir, clock=clock, await_begin=True)
    opened = clock()
    clock.advance(151)
    session.attempt(session.meeting.begin)
    clock.advance(60)
    session.close()
    row = archive.find_row(data_dir, session.state.id)
    assert row["started_at"] == opened + 151 and row["begun"] is True
