"""Locked notes through the real session: sealed on disk, plain in memory, and back."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roomtui.records import archive
from roomtui.session import open_session
from roomtui.storage import GroupBook, locations, protect

GROUP = "Grief circle"
PASS = "a long passphrase 🌱"


def group_of(root: Path, name: str = GROUP) -> dict:
    return GroupBook(locations.groups_file(root)).find(name)


def locked_group(root: Path, clock, name: str = GROUP):
    """A group with one meeting opened then locked; returns its keys."""
    open_session(root, name, clock=clock).close()
    _group, keys = protect.turn_on(root, group_of(root, name), PASS)
    return keys


def every_byte(root: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def test_a_locked_group_will_not_open_without_its_keys(data_dir, clock):
    locked_group(data_dir, clock)
    with pytest.raises(protect.Locked):
        open_session(data_dir, GROUP, clock=clock)
    with pytest.raises(protect.WrongPassphrase):
        protect.unlock_group(group_of(data_dir), PASS + "x")


def test_notes_are_sealed_on_disk_and_plain_on_screen(data_dir, clock):
    keys = locked_group(data_dir, clock)
    session = open_session(data_dir, GROUP, clock=clock, keys=keys)
    m = session.meeting
    assert session.attempt(lambda at: m.queue("Ana", at))[0]
    assert session.attempt(lambda at: m.add_note("call Ana about housing", at))[0]
    note = session.state.notes[0]
    assert session.attempt(lambda at: m.edit_note(note.id, at, raw="ring the housing office"))[0]
    assert session.state.notes[0].text == "ring the housing office"
    raw = every_byte(data_dir)
    assert b"housing" not in raw and b"Ana" in raw  # names stay readable (roster, turns)
    row = session.index.get(session.state.id)
    assert row["note_count"] == 1 and row["notes"][0]["tag"] == "theme"
    session.close()
    # the same notes after a restart, with the keys from the passphrase again
    again = open_session(data_dir, GROUP, clock=clock,
                         keys=protect.unlock_group(group_of(data_dir), PASS))
    assert [n.text for n in again.state.notes] == ["ring the housing office"]
    again.close()
    # review's search reads the index: it finds the note once the row is opened
    listing = archive.list_meetings(data_dir)[0]
    assert archive.search([listing], "housing") == []
    opened = archive.Listing(protect.open_row(listing.row, keys))
    assert len(archive.search([opened], "housing")[0].notes) == 1
    # without the keys a note reads as locked, never as the sealed string
    shown = archive.load(data_dir, "latest")
    assert [n.text for n in shown.state.notes] == [protect.LOCKED_TEXT]
    assert archive.load(data_dir, "latest", keys=keys).state.notes[0].text.startswith("ring")


def test_existing_notes_are_sealed_then_opened_again_by_remove(data_dir, clock):
    session = open_session(data_dir, GROUP, clock=clock)
    session.attempt(lambda at: session.meeting.add_note("bring the leaflet", at))
    session.close()
    assert b"leaflet" in every_byte(data_dir)
    protect.turn_on(data_dir, group_of(data_dir), PASS)
    assert b"leaflet" not in every_byte(data_dir)
    group, keys = protect.change(data_dir, group_of(data_dir), PASS, "second")
    assert b"leaflet" not in every_byte(data_dir)
    with pytest.raises(protect.WrongPassphrase):
        protect.unlock_group(group, PASS)
    protect.turn_off(data_dir, group_of(data_dir), "second")
    assert not protect.is_protected(group_of(data_dir))
    session = open_session(data_dir, GROUP, clock=clock)
    assert [n.text for n in session.state.notes] == ["bring the leaflet"]
    session.close()


def test_a_change_cut_short_loses_nothing(data_dir, clock, monkeypatch):
    """The new lock is saved, then the crash comes after one file: the new passphrase opens all."""
    keys = locked_group(data_dir, clock)
    session = open_session(data_dir, GROUP, clock=clock, keys=keys)
    session.attempt(lambda at: session.meeting.add_note("first meeting note", at))
    session.close()
    session = open_session(data_dir, GROUP, new=True, clock=clock, keys=keys)
    session.attempt(lambda at: session.meeting.add_note("second meeting note", at))
    session.close()
    real = protect.atomic_write_bytes
    calls = []

    def crash_after_one(path, data):
        if calls:
            raise KeyboardInterrupt  # as if killed here
        calls.append(path)
        real(path, data)

    monkeypatch.setattr(protect, "atomic_write_bytes", crash_after_one)
    with pytest.raises(KeyboardInterrupt):
        protect.change(data_dir, group_of(data_dir), PASS, "new one")
    monkeypatch.undo()
    assert protect.lock_of(group_of(data_dir))["unfinished"]
    new_keys = protect.unlock_group(group_of(data_dir), "new one")
    texts = sorted(n["text"] for item in archive.list_meetings(data_dir)
                   for n in protect.open_row(item.row, new_keys)["notes"])
    assert texts == ["first meeting note", "second meeting note"]
    protect.finish(data_dir, group_of(data_dir), "new one")
    assert "unfinished" not in protect.lock_of(group_of(data_dir))
    assert len(protect.lock_of(group_of(data_dir))["keys"]) == 1


def test_another_group_is_untouched(data_dir, clock):
    other = open_session(data_dir, "Open group", clock=clock)
    other.attempt(lambda at: other.meeting.add_note("plain for this group", at))
    other.close()
    locked_group(data_dir, clock)
    assert b"plain for this group" in every_byte(data_dir)
    assert not protect.is_protected(group_of(data_dir, "Open group"))


# -- the property: no note text in any byte of the data folder ------------------------

#: Any text, between guillemets so that a short one ("000") cannot be mistaken for a
#: timestamp or a group name: the whole note, marks and all, must not be on disk.
note_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).map(lambda t: f"«{t}»")


@pytest.fixture(scope="module")
def shared_keys():
    """One lock for every example (scrypt is slow on purpose); each example its own folder."""
    from roomtui.storage import crypto

    return crypto.new_lock(PASS)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.tuples(note_text, st.booleans(), st.booleans()), min_size=1, max_size=6),
       end=st.booleans())
def test_no_note_text_anywhere_on_disk(shared_keys, clock, notes, end):
    lock, keys = shared_keys
    root = Path(tempfile.mkdtemp()) / "data"
    try:
        open_session(root, GROUP, clock=clock).close()
        GroupBook(locations.groups_file(root)).modify(group_of(root)["id"],
                                                      lambda g: {"lock": lock})
        session = open_session(root, GROUP, clock=clock, keys=keys)
        written = []
        for text, edit, delete in notes:
            m = session.meeting
            if not session.attempt(lambda at, t=text: m.add_note(t, at))[0]:
                continue
            note = session.state.notes[-1]
            written.append(note.text)
            clock.advance(3)
            if edit:
                new = note.text[::-1] + " edited"
                session.attempt(lambda at, i=note.id, t=new: m.edit_note(i, at, raw=t))
                written.append(session.state.notes[-1].text)
            if delete:
                session.attempt(lambda at, i=note.id: m.delete_note(i, at))
        if end:
            session.attempt(lambda at: session.meeting.end(at))
        session.close()
        raw = every_byte(root)
        for text in written:
            for encoded in (text.encode(), json.dumps(text).encode(),
                            json.dumps(text, ensure_ascii=False).encode()):
                assert encoded not in raw, text
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_switching_to_a_locked_group_in_the_app_is_refused_plainly(data_dir, clock):
    from roomtui.groups import RosterRefused, switch_group

    locked_group(data_dir, clock)
    here = open_session(data_dir, "Another group", clock=clock)
    try:
        with pytest.raises(RosterRefused, match="locked with a passphrase"):
            switch_group(here, group_of(data_dir)["id"])
        assert here.state.is_open  # this group's meeting carries on
    finally:
        here.close()
