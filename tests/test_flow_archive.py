"""Meetings that never began are not meetings: the list, `sessions` and `export latest`."""

from __future__ import annotations

from roomtui.cli import main as cli_main
from roomtui.records import archive
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


def test_export_to_a_missing_folder_or_a_folder_names_the_target(data_dir, tmp_path, capsys):
    clock = FakeClock()
    held_meeting(data_dir, clock)
    missing = tmp_path / "no such folder" / "report.md"
    code = cli_main(["--data-dir", str(data_dir), "export", "latest", "-o", str(missing)])
    err = capsys.readouterr().err
    assert code == 74 and str(missing) in err and "does not exist" in err
    assert ".tmp" not in err and not missing.parent.exists()
    code = cli_main(["--data-dir", str(data_dir), "export", "latest", "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and f"{tmp_path} is a folder" in err


def test_one_rounding_rule_for_the_length_in_sessions_review_and_export(data_dir, capsys):
    import json

    from roomtui.ui.review import fmt_clock  # noqa: F401  (review's own formatter)

    clock = FakeClock()
    session = open_session(data_dir, clock=clock, await_begin=True)
    session.attempt(session.meeting.begin)
    clock.advance(616.6)  # 10:16.6: 10:17 rounded, 10:16 cut
    session.attempt(session.meeting.end)
    session.close()
    assert cli_main(["--data-dir", str(data_dir), "sessions"]) == 0
    assert "10:17" in capsys.readouterr().out
    assert cli_main(["--data-dir", str(data_dir), "export", "latest", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["seconds"] == 617
    listing = archive.list_meetings(data_dir)[0]
    assert fmt_clock(round(listing.length(clock()))) == "10:17"


def test_a_care_pause_explains_why_the_agenda_total_is_less_than_the_length(data_dir):
    from roomtui.records.export import to_markdown

    clock = FakeClock()
    session = open_session(data_dir, clock=clock, await_begin=True)
    meeting = session.meeting
    session.attempt(meeting.begin)
    clock.advance(300)
    session.attempt(meeting.start_care_pause)
    clock.advance(120)
    session.attempt(meeting.end_care_pause)
    clock.advance(60)
    session.attempt(meeting.end)
    md = to_markdown(meeting, clock())
    session.close()
    assert "- Length: 8:00" in md
    assert ("Care pauses: 2:00. Phase times stop during a care pause, so the agenda's total "
            "(6:00) is less than the length (8:00).") in md
