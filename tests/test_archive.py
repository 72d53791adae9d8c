"""Past meetings from the index: list, search, damaged files, delete, purge, retention."""

from __future__ import annotations

import pytest

from roomtui.cli import main
from roomtui.records import archive
from roomtui.session import open_session
from roomtui.storage import GroupBook, MeetingIndex, locations
from tests.archive_helpers import DAY, scripted_meetings


@pytest.fixture
def three(data_dir, clock):
    """Three ended meetings, 100 days apart (oldest first)."""
    return scripted_meetings(data_dir, clock, 3, days_apart=100)


def test_list_is_newest_first_with_length_attendance_and_notes(data_dir, three):
    items = archive.list_meetings(data_dir)
    assert [i.id for i in items] == three[::-1]
    first = items[0]
    assert first.damaged is None and not first.is_open
    assert first.length(0) == 1200 and first.row["attended"] == 6
    assert [n["tag"] for n in first.row["notes"]] == ["theme", "follow-up", "resource"]


def test_search_finds_notes_by_every_word_any_case(data_dir, three):
    items = archive.list_meetings(data_dir)
    hits = archive.search(items, "LEAFLET dev")
    assert [h.listing.id for h in hits] == three[::-1]
    assert [n["text"] for n in hits[0].notes] == ["call Dev about the leaflet"]
    assert archive.search(items, "follow-up")[0].notes[0]["tag"] == "follow-up"
    assert archive.search(items, "nothing like this") == []
    assert len(archive.search(items, "  ")) == 3


def test_notes_reach_the_index_as_they_are_written(data_dir, clock):
    s = open_session(data_dir, clock=clock)
    try:
        s.record(s.meeting.add_note("bring leaflets", clock(), tag="resource"))
        (item,) = archive.list_meetings(data_dir)
        assert item.is_open and item.row["notes"][0]["text"] == "bring leaflets"
        assert [h.listing.id for h in archive.search([item], "leaflets")] == [s.state.id]
    finally:
        s.close()


def test_listing_does_not_open_meeting_files_whose_size_matches(data_dir, three, monkeypatch):
    opened = []
    real = archive.MeetingLog

    def spy(path, readonly=False):
        opened.append(path)
        return real(path, readonly)

    monkeypatch.setattr(archive, "MeetingLog", spy)
    assert len(archive.list_meetings(data_dir)) == 3
    assert opened == []


def test_a_damaged_file_is_listed_as_damaged_and_left_alone(data_dir, three):
    path = locations.meeting_file(data_dir, three[1])
    path.write_bytes(b'{"events": {"1": {"seq": 0, "ty')  # torn
    before = path.read_bytes()
    items = archive.list_meetings(data_dir)
    assert [i.id for i in items] == three[::-1]
    assert [bool(i.damaged) for i in items] == [False, True, False]
    assert "not valid JSON" in items[1].damaged
    # the rest works: search, purge (which keeps it), export of a good one
    assert len(archive.search(items, "leaflet")) == 3  # the index still knows its notes
    report = archive.purge(data_dir, 0, three and 10**12)
    assert report.kept_damaged == [three[1]] and len(report.removed) == 2
    assert path.read_bytes() == before
    assert [i.id for i in archive.list_meetings(data_dir)] == [three[1]]


def test_a_file_the_index_does_not_know_is_listed(data_dir, three):
    stray = locations.meeting_file(data_dir, "20200101-0000-dead")
    stray.write_text("not json at all")
    items = archive.list_meetings(data_dir)
    assert len(items) == 4
    assert [i.id for i in items if i.damaged] == ["20200101-0000-dead"]


def test_delete_removes_file_and_row_but_refuses_an_open_meeting(data_dir, clock, three):
    archive.delete(data_dir, three[0])
    assert not locations.meeting_file(data_dir, three[0]).exists()
    assert MeetingIndex(locations.index_file(data_dir)).get(three[0]) is None
    s = open_session(data_dir, clock=clock)
    try:
        with pytest.raises(archive.StillOpen, match="still open"):
            archive.delete(data_dir, s.state.id)
        assert locations.meeting_file(data_dir, s.state.id).exists()
    finally:
        s.close()
    with pytest.raises(archive.NotFound):
        archive.delete(data_dir, "no-such")


def test_purge_with_an_injected_clock(data_dir, clock, three):
    now = clock()  # 300 days after the first meeting
    report = archive.purge(data_dir, 150, now)
    assert [r["id"] for r in report.removed] == three[:2][::-1]
    assert report.sentence(150) == "Removed 2 meetings older than 150 days."
    assert [i.id for i in archive.list_meetings(data_dir)] == [three[2]]
    assert archive.purge(data_dir, 150, now).sentence(150) == (
        "No meetings older than 150 days.")


def test_purge_keeps_open_meetings(data_dir, clock):
    s = open_session(data_dir, clock=clock)
    s.close()
    clock.advance(30 * DAY)
    report = archive.purge(data_dir, 1, clock())
    assert report.removed == [] and report.kept_open == 1


def test_group_retention_is_applied_on_start_and_said(data_dir, clock, three):
    groups = GroupBook(locations.groups_file(data_dir))
    group = groups.all()[0]
    groups.update(group["id"], settings={"retention_days": 150})
    s = open_session(data_dir, clock=clock)
    try:
        assert [r["id"] for r in s.purged.removed] == three[:2][::-1]
        assert s.purged.sentence(150).startswith("Removed 2 meetings")
    finally:
        s.close()
    assert {i.id for i in archive.list_meetings(data_dir)} == {three[2], s.state.id}


def test_cli_purge_and_bad_values(data_dir, three, capsys):
    assert main(["purge", "--older-than", "soon"]) == 2
    assert "whole number of days" in capsys.readouterr().err
    assert main(["purge", "--older-than", "-3"]) == 2
    assert "cannot be negative" in capsys.readouterr().err
    assert main(["purge", "--older-than", "0"]) == 0
    out = capsys.readouterr().out
    # the real clock: only the first meeting (START) is in the past; the others are "future"
    assert out.startswith("Removed 1 meeting older than 0 days.")
    assert three[0] in out and three[1] not in out


def test_cli_retention_sets_the_group_setting(data_dir, three, capsys):
    assert main(["retention", "365"]) == 0
    assert "keeps meetings for 365 days" in capsys.readouterr().out
    group = GroupBook(locations.groups_file(data_dir)).all()[0]
    assert group["settings"]["retention_days"] == 365
    assert main(["retention", "off"]) == 0
    assert GroupBook(locations.groups_file(data_dir)).all()[0]["settings"]["retention_days"] is None
    assert main(["retention", "lots"]) == 2
