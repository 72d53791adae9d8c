"""Storage that heals (issue #11): a missing or damaged file never strands a group.

Items 2, 3 and 4 through ``open_session`` and the read commands; the real-process versions
are in test_storage_heals_process.py."""

from __future__ import annotations

import json
import os

import pytest

from roomtui.cli import main as cli_main
from roomtui.records import archive
from roomtui.session import open_session
from roomtui.storage import MeetingIndex, MeetingLog, locations
from roomtui.storage.atomic import dump_json


@pytest.fixture
def root(tmp_path):
    return locations.data_dir(tmp_path / "data")


def clock_from(start: float = 1_795_000_000.0):
    now = [start]

    def clock() -> float:
        now[0] += 1.0
        return now[0]

    return clock


def meeting_with(root, names, clock):
    s = open_session(root, "Tuesday", clock=clock)
    for name in names:
        assert s.attempt(lambda at, n=name: s.meeting.queue(n, at))[0]
    s.close()
    return s.state.id, locations.meeting_file(root, s.state.id)


def damaged_copies(folder):
    return sorted(p for p in folder.iterdir() if ".damaged-" in p.name)


# -- item 3: a missing meeting file -----------------------------------------------------


@pytest.mark.parametrize("new", [False, True], ids=["resume", "--new"])
def test_a_missing_meeting_file_gives_the_group_a_usable_meeting(root, new):
    clock = clock_from()
    old_id, path = meeting_with(root, ["Ana"], clock)
    path.rename(root / "moved-away.json")
    s = open_session(root, "Tuesday", new=new, clock=clock)
    assert not s.resumed and s.state.id != old_id
    assert s.state.is_open and s.state.started_at > 0
    assert any(f"meetings/{old_id}.json" in n and "a new one was started" in n
               for n in s.notices), s.notices
    assert s.attempt(lambda at: s.meeting.queue("Ben", at)) == (True, "")
    s.close()
    ids = [r["id"] for r in MeetingIndex(locations.index_file(root)).all()]
    assert ids == [s.state.id]  # the row of the missing file went with it
    again = open_session(root, "Tuesday", clock=clock)
    assert again.resumed and again.notices == [] and again.state.id == s.state.id
    assert [e.name for e in again.state.queue] == ["Ben"]
    again.close()


# -- item 2: one bad event ---------------------------------------------------------------


@pytest.mark.parametrize("damage", [
    lambda ev: ev.update(name=12345),
    lambda ev: ev.update(seq=7),
    lambda ev: ev.pop("at"),
    lambda ev: ev.update(at="noon"),
], ids=["name-number", "seq-gap", "no-at", "at-text"])
def test_one_bad_event_keeps_the_events_before_it_and_sets_the_original_aside(root, damage):
    clock = clock_from()
    _mid, path = meeting_with(root, ["Ana", "Ben", "Cara", "Dev"], clock)
    data = json.loads(path.read_bytes())
    damage(data["events"]["4"])  # Cara's (events: start, Ana, Ben, Cara, Dev)
    original = dump_json(data)
    path.write_bytes(original)
    s = open_session(root, "Tuesday", clock=clock)
    assert [e.name for e in s.state.queue] == ["Ana", "Ben"]
    said = " ".join(s.notices)
    assert "the first 3 of 5 events were kept" in said
    aside = damaged_copies(path.parent)
    assert len(aside) == 1 and aside[0].name in said
    assert aside[0].read_bytes() == original  # the original, untouched
    assert s.attempt(lambda at: s.meeting.queue("Eli", at)) == (True, "")
    s.close()
    assert [e["seq"] for e in MeetingLog(path).events()] == [0, 1, 2, 3]
    # review and sessions list the healed meeting, never the set-aside copy as a meeting
    listed = archive.list_meetings(root)
    assert [(m.id, m.damaged) for m in listed] == [(s.state.id, None)]


@pytest.mark.parametrize("raw", [b"", b'{"events": {"1": {"seq"', b"\xff\xfe", b"[]"],
                         ids=["empty", "truncated", "not-utf8", "wrong-shape"])
def test_an_unreadable_open_meeting_is_set_aside_and_a_new_one_begins(root, raw):
    clock = clock_from()
    old_id, path = meeting_with(root, ["Ana"], clock)
    path.write_bytes(raw)
    s = open_session(root, "Tuesday", clock=clock)
    assert s.state.is_open and s.state.id != old_id
    aside = damaged_copies(path.parent)
    assert len(aside) == 1 and aside[0].read_bytes() == raw
    assert any(aside[0].name in n and "new meeting was started" in n for n in s.notices)
    s.close()


# -- item 4: index.json is derived -------------------------------------------------------


INDEX_DAMAGE = {
    "garbage": b"not json {",
    "empty": b"",
    "started-at-text": None,  # filled in from the real row
    "wrong-shape": b'{"meetings": [1, 2]}',
    "missing": "missing",
}


@pytest.mark.parametrize("kind", INDEX_DAMAGE)
def test_a_damaged_index_is_rebuilt_and_every_command_still_works(root, kind, capsys):
    clock = clock_from(1_000_000.0)  # long ago: purge has something to remove
    ended_id, _ = meeting_with(root, ["Ana"], clock)
    s = open_session(root, "Tuesday", new=True, clock=clock)  # ends the first
    s.attempt(lambda at: s.meeting.queue("Ben", at))
    s.close()
    index = locations.index_file(root)
    raw = INDEX_DAMAGE[kind]
    if raw == "missing":
        index.unlink()
    else:
        if raw is None:
            data = json.loads(index.read_bytes())
            data["meetings"]["1"]["started_at"] = "yesterday"
            raw = dump_json(data)
        index.write_bytes(raw)
    assert cli_main(["sessions", "--data-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "rebuilt it from the meeting files" in err
    assert ended_id in out and s.state.id in out
    aside = damaged_copies(root)
    if raw == "missing":
        assert aside == []
    else:
        assert [p.read_bytes() for p in aside] == [raw] and aside[0].name in err
    # once mended, nothing more is said
    assert cli_main(["export", "latest", "--format", "json", "--data-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out)["id"] == s.state.id
    again = open_session(root, "Tuesday", clock=clock)
    assert again.resumed and [e.name for e in again.state.queue] == ["Ben"]
    again.close()
    assert cli_main(["purge", "--older-than", "1", "--data-dir", str(root)]) == 0
    out, _ = capsys.readouterr()
    assert f"removed {ended_id}" in out


def test_an_index_that_disagrees_is_rebuilt_by_the_app_too(root):
    clock = clock_from()
    mid, path = meeting_with(root, ["Ana"], clock)
    locations.index_file(root).write_bytes(b'{"meetings": {}}')
    s = open_session(root, "Tuesday", clock=clock)
    assert s.resumed and s.state.id == mid and [e.name for e in s.state.queue] == ["Ana"]
    assert "The list of meetings (index.json) was rebuilt from the meeting files." in s.notices
    s.close()


def test_index_rebuild_keeps_the_group_after_a_rename(root):
    """The group's id is in the meeting's first event, so a renamed group still resumes."""
    clock = clock_from()
    mid, _ = meeting_with(root, ["Ana"], clock)
    from roomtui.storage import GroupBook

    book = GroupBook(locations.groups_file(root))
    gid = book.find("Tuesday")["id"]
    book.update(gid, name="Tuesday evenings")
    locations.index_file(root).unlink()
    s = open_session(root, "Tuesday evenings", clock=clock)
    assert s.resumed and s.state.id == mid
    s.close()


def test_nothing_there_means_nothing_rebuilt(root, capsys):
    assert cli_main(["sessions", "--data-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "No meetings yet" in out
    assert not locations.index_file(root).exists()
    assert os.listdir(locations.meetings_dir(root)) == []


# -- item 5: types, not just keys ---------------------------------------------------------


@pytest.mark.parametrize("change, field", [
    (lambda g: g.update(name=123), "'name' should be a text"),
    (lambda g: g.update(roster="Ana, Ben"), "'roster' should be a list"),
    (lambda g: g["roster"].append({"name": 5}), "roster entry 7: 'name' should be a text"),
    (lambda g: g.update(settings={"retention_days": "30"}), "'retention_days' should be"),
    (lambda g: g.update(agreements=["ok", 3]), "'agreements' should be a list of texts"),
    (lambda g: g.update(format=["x"]), "'format' should be a text or null"),
], ids=["name", "roster", "person", "retention", "agreements", "format"])
def test_groups_with_a_wrong_type_exit_2_naming_the_field_and_stay_untouched(root, change, field,
                                                                             capsys):
    open_session(root, clock=clock_from()).close()
    path = locations.groups_file(root)
    data = json.loads(path.read_bytes())
    change(data["groups"]["1"])
    raw = dump_json(data)
    path.write_bytes(raw)
    for argv in (["retention", "30"], ["sessions"], ["purge", "--older-than", "1"]):
        code = cli_main([*argv, "--data-dir", str(root)])
        _out, err = capsys.readouterr()
        if argv[0] == "retention":
            assert code == 2, err
            assert str(path) in err and field in err, err
    assert path.read_bytes() == raw


def test_a_wrong_type_in_an_event_exits_2_for_readers_naming_file_and_field(root, capsys):
    clock = clock_from()
    mid, path = meeting_with(root, ["Ana"], clock)
    s = open_session(root, "Tuesday", new=True, clock=clock)
    s.close()  # the first meeting has ended: only readers open it now
    data = json.loads(path.read_bytes())
    data["events"]["2"]["name"] = 12345
    raw = dump_json(data)
    path.write_bytes(raw)
    assert cli_main(["export", mid, "--data-dir", str(root)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "event 1: 'name' should be a text" in err
    assert path.read_bytes() == raw


def test_an_index_damaged_while_running_is_rebuilt_by_review_and_export(root):
    """The review screen and export read through archive: they mend the index too."""
    clock = clock_from()
    mid, _ = meeting_with(root, ["Ana"], clock)
    locations.index_file(root).write_bytes(b'{"meetings": {"1": {"id": 7}}}')
    assert [m.id for m in archive.list_meetings(root)] == [mid]
    assert len(damaged_copies(root)) == 1
    locations.index_file(root).write_bytes(b"\x00")
    assert archive.find_row(root, "latest")["id"] == mid
    assert len(damaged_copies(root)) == 2


def test_an_index_damaged_while_the_app_runs_is_rebuilt_at_the_next_save(root):
    clock = clock_from()
    s = open_session(root, "Tuesday", clock=clock)
    s.attempt(lambda at: s.meeting.queue("Ana", at))
    locations.index_file(root).write_bytes(b'{"meetings": {"1": {"id": "x", "group": 5}}}')
    assert s.attempt(lambda at: s.meeting.add_note("after the damage", at)) == (True, "")
    s.close()
    rows = MeetingIndex(locations.index_file(root)).all()
    assert [r["id"] for r in rows] == [s.state.id] and rows[0]["note_count"] == 1
    assert len(damaged_copies(root)) == 1


def test_groups_damaged_while_the_app_runs_a_guest_is_still_saved(root):
    clock = clock_from()
    s = open_session(root, "Tuesday", clock=clock)
    groups = locations.groups_file(root)
    data = json.loads(groups.read_bytes())
    data["groups"]["1"]["name"] = 5
    groups.write_bytes(dump_json(data))
    before = groups.read_bytes()
    changed, said = s.attempt(lambda at: s.meeting.queue("A guest", at))
    assert changed and "groups.json could not be read" in said and "'name'" in said
    assert [e.name for e in s.state.queue] == ["A guest"]
    s.close()
    assert groups.read_bytes() == before


def test_group_settings_with_groups_damaged_meanwhile_are_a_failed_save(root):
    s = open_session(root, "Tuesday", clock=clock_from())
    groups = locations.groups_file(root)
    data = json.loads(groups.read_bytes())
    data["groups"]["1"]["roster"] = "Ana"
    groups.write_bytes(dump_json(data))
    before = groups.read_bytes()
    for act in (lambda: s.set_bell(True), lambda: s.update_group(agreements=["Be kind"]),
                lambda: s.choose_format(s.formats[0]["name"])):
        with pytest.raises(OSError) as err:
            act()
        assert "groups.json cannot be read" in err.value.strerror and "'roster'" in err.value.strerror
    s.close()
    assert groups.read_bytes() == before


def test_a_follower_checks_the_new_events_of_a_grown_log(root):
    clock = clock_from()
    _mid, path = meeting_with(root, ["Ana", "Ben"], clock)
    reader = MeetingLog(path, readonly=True)
    assert len(reader.events()) == 3
    data = json.loads(path.read_bytes())
    data["events"]["4"] = {"seq": 3, "type": "queued", "at": 5.0, "name": ["Cara"]}
    path.write_bytes(dump_json(data))
    with pytest.raises(Exception, match="event 3: 'name' should be a text"):
        reader.events()
    del data["events"]["4"]
    path.write_bytes(dump_json(data))
    assert len(reader.events()) == 3  # whole again: checked up to its last event
    data["events"]["3"]["name"] = 7  # the last event itself rewritten: checked again
    path.write_bytes(dump_json(data))
    with pytest.raises(Exception, match="event 2: 'name' should be a text"):
        reader.events()
