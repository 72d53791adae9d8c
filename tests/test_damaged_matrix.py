"""The damaged-file matrix (issue #11, the bar): every file roomtui reads, damaged every
way a laptop or a hand edit can damage it. For each case:

- no command exits 70 (a crash): 2 when roomtui refuses, 0 where it healed or did not
  need the file;
- what it says names the file;
- the file is byte for byte as it was, unless roomtui set it aside and said so (then the
  set-aside copy holds the original bytes).

The commands run in process through ``cli.main`` (the same code as the ``roomtui`` binary);
the facilitator app's opening is ``open_session`` (what ``roomtui`` does before drawing),
with the exit code ``cli.main`` would give. A watch view's follower polls too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from roomtui import cli
from roomtui.formats.files import MAX_FILE_BYTES, default_format
from roomtui.session import open_session
from roomtui.storage import DamagedFile, MeetingLog, locations
from roomtui.storage.atomic import MAX_BYTES, dump_json
from roomtui.views import serve
from roomtui.views.follow import Follower

DEEP_JSON = b"[" * 200_000 + b"]" * 200_000


def huge(limit: int):
    def make(path: Path) -> None:
        with open(path, "wb") as f:  # sparse: costs nothing on disk
            f.truncate(limit + 1)
    return make


def raw(content: bytes):
    def make(path: Path) -> None:
        path.write_bytes(content)
    return make


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) * 2 // 3])


def bad_utf8(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:12] + b"\xff\xfe\xc3" + data[12:])


def edit(change):
    def make(path: Path) -> None:
        data = json.loads(path.read_bytes())
        change(data)
        path.write_bytes(dump_json(data))
    return make


COMMON = {
    "truncated": truncated,
    "garbage": raw(b"\x00\x13garbage \x1b[31m{not json"),
    "invalid-utf8": bad_utf8,
    "empty": raw(b""),
    "deep-nesting": raw(DEEP_JSON),
    "huge": huge(MAX_BYTES),
}


def wrong_for(value):
    """A value of the wrong type for ``value``'s field: a number for text, text otherwise."""
    return 12345 if isinstance(value, str) else "text"


def wrong_field_cases(table: str, fields: list[tuple[str, str]]):
    """One case per (record index, field): that field given a value of the wrong type."""
    cases = {}
    for doc_id, field in fields:
        def change(data, doc_id=doc_id, field=field):
            row = data[table].get(doc_id) or list(data[table].values())[-1]
            row[field] = wrong_for(row[field]) if field in row else [1]
        cases[f"wrong-type-{field}"] = edit(change)
    return cases


MEETING = {
    **COMMON,
    "wrong-shape": raw(b'{"events": [1, 2, 3]}'),
    **wrong_field_cases("events", [("1", "seq"), ("1", "type"), ("1", "at"), ("1", "id"),
                                   ("1", "group"), ("1", "format"), ("1", "roster"),
                                   ("2", "name"), ("3", "text")]),
    "deep-settings": edit(lambda d: d["events"]["1"].update(
        settings=json.loads("[" * 40 + "]" * 40))),
}
GROUPS = {
    **COMMON,
    "wrong-shape": raw(b'{"groups": {"1": "Circle"}}'),
    **wrong_field_cases("groups", [("1", "id"), ("1", "name"), ("1", "roster"),
                                   ("1", "settings"), ("1", "format"), ("1", "agreements"),
                                   ("1", "prompts")]),
    "wrong-type-person": edit(lambda d: d["groups"]["1"]["roster"].append({"name": 7})),
    "wrong-type-retention": edit(lambda d: d["groups"]["1"]["settings"].update(
        retention_days="30")),
    "wrong-type-last-group": edit(lambda d: d["app"]["1"].update(last_group=["circle"])),
}
INDEX = {
    **COMMON,
    "wrong-shape": raw(b'{"meetings": [1, 2]}'),
    **wrong_field_cases("meetings", [("1", f) for f in (
        "id", "group", "group_id", "started_at", "ended_at", "format", "people", "spoke",
        "turns", "events", "attended", "note_count", "notes", "file_size", "present")]),
    "wrong-type-note": edit(lambda d: d["meetings"]["1"]["notes"].append({"text": 5})),
    "duplicate-row": edit(lambda d: d["meetings"].update({"9": d["meetings"]["1"]})),
}
FORMAT = {
    "truncated": truncated,
    "garbage": raw(b"\x00\x13garbage [[[ = \x1b[31m"),
    "invalid-utf8": bad_utf8,
    "empty": raw(b""),
    "deep-nesting": raw(b"a = " + b"[" * 200_000 + b"]" * 200_000),
    "huge": huge(MAX_FILE_BYTES),
    "wrong-shape": raw(b'phase = "not a table"\nname = "Broken"\n'),
    "wrong-type-name": raw(b"name = 5\n[[phase]]\nname = \"A\"\nminutes = 5\n"),
    "wrong-type-minutes": raw(b'name = "Broken"\n[[phase]]\nname = "A"\nminutes = "five"\n'),
    "wrong-type-crosstalk": raw(
        b'name = "Broken"\n[[phase]]\nname = "A"\nminutes = 5\ncrosstalk = "yes"\n'),
}
PIN = {**COMMON, "wrong-shape": raw(b"12ab56"), "too-long": raw(b"1234567890123")}


@dataclass
class Place:
    root: Path
    ended: str
    open: str
    group_id: str


def setup(root: Path) -> Place:
    now = [1_795_000_000.0]

    def clock():
        now[0] += 5
        return now[0]

    s = open_session(root, "Circle", clock=clock)
    s.attempt(lambda at: s.meeting.queue("Ana", at))
    s.attempt(lambda at: s.meeting.add_note("a note [bold]", at))
    s.copy_format(default_format(), "Our format")
    s.close()
    ended = s.state.id
    s = open_session(root, "Circle", new=True, clock=clock)
    s.attempt(lambda at: s.meeting.queue("Ben", at))
    s.attempt(lambda at: s.meeting.add_note("another note", at))
    s.close()
    serve.new_pin(root, s.group["id"])
    return Place(root, ended, s.state.id, s.group["id"])


def target(place: Place, kind: str) -> Path:
    return {
        "meeting": locations.meeting_file(place.root, place.ended),
        "open-meeting": locations.meeting_file(place.root, place.open),
        "groups": locations.groups_file(place.root),
        "index": locations.index_file(place.root),
        "format": locations.group_formats_dir(place.root, place.group_id) / "our-format.toml",
        "pin": serve.pin_file(place.root, place.group_id),
    }[kind]


def open_app(root: Path) -> tuple[int, str]:
    """What ``roomtui`` would exit with (before drawing) and what it would say."""
    try:
        s = open_session(root, "Circle")
    except DamagedFile as err:
        return cli.EXIT_USAGE, err.message()
    said = " ".join([*s.notices, *(str(e) for e in s.format_errors)])
    s.close()
    return 0, said


CASES = [
    *(("meeting", k, v) for k, v in MEETING.items()),
    *(("open-meeting", k, v) for k, v in MEETING.items()),
    *(("groups", k, v) for k, v in GROUPS.items()),
    *(("index", k, v) for k, v in INDEX.items()),
    *(("format", k, v) for k, v in FORMAT.items()),
    *(("pin", k, v) for k, v in PIN.items()),
]


@pytest.mark.parametrize("kind, damage, make", CASES, ids=[f"{k}-{d}" for k, d, _ in CASES])
def test_damaged_file(tmp_path, capsys, kind, damage, make):
    place = setup(locations.data_dir(tmp_path / "data"))
    root = place.root
    path = target(place, kind)
    make(path)
    before = path.read_bytes()
    capsys.readouterr()

    said, codes = [], {}
    for argv in (["sessions"], ["sessions", "--json"], ["export", place.ended],
                 ["export", "latest", "--format", "json"], ["purge", "--older-than", "1000"],
                 ["retention", "--group", "Circle", "60"]):
        codes[argv[0] + " " + argv[-1]] = cli.main([*argv, "--data-dir", str(root)])
        out, err = capsys.readouterr()
        said.append(err)
    follower = Follower(root, "Circle")
    snap = follower.poll()  # a watch view: never raises
    said.append(snap.problem)
    codes["app"], app_said = open_app(root)
    said.append(app_said)
    everything = "\n".join(said)

    assert 70 not in codes.values(), (codes, everything)
    assert set(codes.values()) <= {0, 2}, (codes, everything)
    if any(c == 2 for c in codes.values()):
        assert path.name in everything, everything

    aside = sorted(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}"))
    if aside:  # set aside: the original bytes kept, and said
        assert [p.read_bytes() for p in aside] == [before]
        assert aside[0].name in everything, everything
    else:
        assert path.read_bytes() == before, "changed without being set aside"

    expected = {
        # an ended meeting is only read: refused by name, never mended by a reader
        "meeting": lambda: codes["export " + place.ended] == 2 and codes["app"] == 0,
        # the group's open meeting: the app mends it (prefix kept or set aside)
        "open-meeting": lambda: codes["app"] == 0 and bool(aside),
        # groups.json is the group's own data: refused, by name, untouched
        "groups": lambda: codes["app"] == 2 and codes["retention 60"] == 2
        and codes["sessions sessions"] == 0,
        # index.json is derived: rebuilt, the damaged one set aside, nothing stops
        "index": lambda: set(codes.values()) == {0} and bool(aside),
        # a format file: reported by name, the meeting goes on
        "format": lambda: set(codes.values()) == {0},
        # a PIN file: no PIN, no entry; nothing else affected
        "pin": lambda: set(codes.values()) == {0} and serve.read_pin(path) is None,
    }[kind]
    assert expected(), (codes, everything)
    if kind == "index":
        rows = json.loads(locations.index_file(root).read_bytes())["meetings"]
        assert {r["id"] for r in rows.values()} == {place.ended, place.open}
    if kind == "format":
        assert path.name in everything, everything
    if kind == "open-meeting":
        events = MeetingLog(locations.meeting_file(root, place.open)).events() \
            if locations.meeting_file(root, place.open).exists() else []
        assert all(e["seq"] == i for i, e in enumerate(events))
