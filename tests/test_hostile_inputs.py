"""Hostile input everywhere text enters roomtui: a clear message, no crash, nothing lost.

One table (``CASES``), one id per case. Every case starts from the same saved data (a
group with a roster and one ended meeting with a note, made through ``open_session``)
and, besides its own checks, the shared check runs: no exit 70, no traceback, no escape
code echoed to the terminal, and the earlier meeting still loads with every event.
Command-line cases run ``roomtui.cli.main`` in this process (fast); typed text goes
through the real app with Pilot; mounts (read-only folder, full disk) need root: skipped
with the reason when the kernel refuses them, a failure under CI (tests/tools.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Input

from roomtui import cli
from roomtui.session import open_session
from roomtui.storage import GroupBook, MeetingIndex, MeetingLog, locations
from roomtui.views import inbox
from tests.screen import screen_text
from tests.tools import missing

BIG = "x" * 1_000_000
ESC = "\x1b"
MARKUP = "[bold red]Boss[/] [link=http://evil.invalid]click[/link]"
T0 = 1_800_000_000.0


class Ctx:
    """The saved data a case starts from, and helpers to poke at it."""

    def __init__(self, tmp: Path, capsys) -> None:
        self.tmp, self.capsys = tmp, capsys
        self.data = tmp / "data"
        self.now = [T0]
        session = open_session(self.data, "Circle", clock=self.clock)
        try:
            m = session.meeting
            session.record(m.queue("Ana", self.clock()))
            session.record(m.add_note("an earlier note", self.clock()))
            session.record(m.end(self.clock()))
            self.group_id = session.group["id"]
            self.meeting_id = session.state.id
        finally:
            session.close()
        self.events = self.meeting_events()

    def clock(self) -> float:
        self.now[0] += 10
        return self.now[0]

    def meeting_events(self) -> list[dict]:
        path = locations.meeting_file(self.data, self.meeting_id)
        return MeetingLog(path, readonly=True).events()

    def cli(self, *argv: str) -> tuple[int, str]:
        self.capsys.readouterr()
        code = cli.main([*argv, "--data-dir", str(self.data)] if argv and argv[0] != "--"
                        else [*argv[1:], "--data-dir", str(self.data)])
        out = self.capsys.readouterr()
        text = out.out + out.err
        assert code != cli.EXIT_CRASH, text
        assert "Traceback" not in text and ESC not in text, text
        return code, text

    def file(self, path: Path, content: bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_bytes(content)
        return path

    def formats_dir(self) -> Path:
        return locations.group_formats_dir(self.data, self.group_id)

    def inbox_file(self, content: bytes) -> Path:
        folder = locations.inbox_dir(self.data) / self.group_id
        return self.file(folder / f"{1:020d}-abcdef{inbox.SUFFIX}", content)

    def mount(self, *options: str) -> Path:
        where = self.tmp / "mnt"
        where.mkdir(exist_ok=True)
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs",
                               str(where)], capture_output=True, text=True)
        if proc.returncode != 0:
            missing("root", f"mount -t tmpfs refused: {proc.stderr.strip()}")
        self.mounted = where
        return where

    mounted: Path | None = None


# -- typed text, through the real app ------------------------------------------------------
def typed(key: str, text: str, check, speaking: bool = False):
    async def run(ctx: Ctx) -> None:
        from roomtui.ui.app import build_app

        app = build_app(ctx.data, group="Circle", clock=ctx.clock)
        async with app.run_test(size=(100, 30)) as pilot:
            if speaking:  # d (direct response) answers someone sharing
                session = app.session
                session.record(session.meeting.queue("Ana", ctx.clock()))
                session.record(session.meeting.next(ctx.clock()))
                while not session.state.phase.crosstalk:
                    session.record(session.meeting.next_phase(ctx.clock()))
            await pilot.press(*key)
            await pilot.pause()
            field = app.focused
            assert isinstance(field, Input), f"{key} opened no text field"
            field.value = text
            await pilot.press("enter")
            await pilot.pause()
            if key in (("a",), ("d",)) and app.screen.query_one("#prompt").display:
                await pilot.press("enter")  # "New person: …? Enter adds"
                await pilot.pause()
            shown = screen_text(app)
            assert ESC not in shown
            check(app.session, shown)
            events = list(app.session.meeting.events)
        # what the screen showed is what is on disk
        row = MeetingIndex(locations.index_file(ctx.data), readonly=True).open_for_group(
            ctx.group_id)
        on_disk = MeetingLog(locations.meeting_file(ctx.data, row["id"]), readonly=True).events()
        assert on_disk == events
    return run


def queued(*expect: str):
    def check(session, shown):
        state = session.state
        names = [e.name for e in state.queue]
        assert names == list(expect), names
        for name in expect:
            assert name[:20] in shown
    return check


def refused(words: str):
    def check(session, shown):
        state = session.state
        assert not state.queue and words in shown, shown
    return check


def noted(expect: str):
    def check(session, shown):
        assert session.state.notes[-1].text == expect
    return check


def note_refused(session, shown):
    state = session.state
    assert not state.notes, [n.text[:40] for n in state.notes]
    assert "note" in shown.lower()


def rostered(expect: str | None, words: str = ""):
    """The roster editor kept ``expect`` literally in groups.json (or refused, saying why)."""
    def check(session, shown):
        book = GroupBook(locations.groups_file(session.root), readonly=True)
        names = [p["name"] for p in book.get(session.group["id"])["roster"]]
        if expect is None:
            assert names == ["Ana"] and words in shown, (names, shown)  # Ana: the seed's guest
        else:
            assert names == ["Ana", expect] and expect[:20] in shown, names
    return check


# -- files and command lines ---------------------------------------------------------------
def format_file(content: bytes, *words: str):
    def run(ctx: Ctx) -> None:
        path = ctx.file(ctx.formats_dir() / "bad.toml", content)
        session = open_session(ctx.data, "Circle", clock=ctx.clock)
        try:
            assert session.format_errors, "a bad format file was used"
            said = str(session.format_errors[0])
            assert "bad.toml" in said and ESC not in said
            for word in words:
                assert word in said, said
            assert session.state.is_open  # the meeting starts with the default
        finally:
            session.close()
        assert path.read_bytes() == content  # left for the person to fix
    return run


def inbox_file(content: bytes, expect_name: str | None = None):
    def run(ctx: Ctx) -> None:
        ctx.inbox_file(content)
        found = inbox.pending(ctx.data, ctx.group_id)
        assert len(found) == 1
        if expect_name is None:
            assert isinstance(found[0], inbox.Rejected), found
            assert found[0].reason and ESC not in found[0].reason
        else:
            assert isinstance(found[0], inbox.Hand) and found[0].name == expect_name, found
    return run


def damaged(which, content: bytes, *argv: str):
    def run(ctx: Ctx) -> None:
        path = which(ctx.data)
        path.write_bytes(content)
        code, said = ctx.cli(*argv)
        assert code == cli.EXIT_USAGE and "cannot read" in said and path.name in said, said
        assert path.read_bytes() == content  # never overwritten
    return run


def command(*argv: str, code: int = cli.EXIT_USAGE, says: str = ""):
    def run(ctx: Ctx) -> None:
        got, said = ctx.cli(*argv)
        assert got == code, said
        assert says in said, said
    return run


def agreements_file(items: object, shown_first: str):
    """The group's agreements in groups.json (a file a person can edit) read aloud with g."""
    async def run(ctx: Ctx) -> None:
        from roomtui.ui.app import build_app

        GroupBook(locations.groups_file(ctx.data)).modify(
            ctx.group_id, lambda group: {"agreements": items})
        app = build_app(ctx.data, group="Circle", clock=ctx.clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("g")
            await pilot.pause()
            shown = screen_text(app)
            assert "Our group agreements" in shown and shown_first in shown, shown
            assert ESC not in shown and "\x00" not in shown
            await pilot.press("v")  # all at once
            await pilot.pause()
            assert ESC not in screen_text(app)
    return run


def agreements_wrong_shape(ctx: Ctx) -> None:
    path = locations.groups_file(ctx.data)
    data = json.loads(path.read_text())
    for group in data["groups"].values():
        group["agreements"] = [5, None, {"x": 1}]
    path.write_text(json.dumps(data))
    content = path.read_bytes()
    code, said = ctx.cli("retention", "--group", "Circle", "30")
    assert code == cli.EXIT_USAGE and "agreements" in said and "groups.json" in said, said
    assert path.read_bytes() == content


def fill(path: Path) -> None:
    """Write zeros to ``path`` until the disk says it is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def export_to_missing_folder(ctx: Ctx) -> None:
    target = ctx.tmp / "no" / "such" / "folder" / "out.md"
    code, said = ctx.cli("export", "latest", "-o", str(target))
    assert code == cli.EXIT_IO and "out.md" in said and not target.exists(), said


def read_only_data(ctx: Ctx) -> None:
    where = ctx.mount("ro", "size=1m")
    ctx.data = where / "data"  # a data folder that cannot be made
    code, said = ctx.cli("retention", "--group", "Circle", "30")
    assert code == cli.EXIT_IO and "Read-only file system" in said, said


def full_disk_export(ctx: Ctx) -> None:
    where = ctx.mount("size=64k")
    fill(where / "filler")
    code, said = ctx.cli("export", "latest", "--format", "json", "-o", str(where / "m.json"))
    assert code == cli.EXIT_IO and "No space left" in said, said
    assert not (where / "m.json").exists()


def full_disk_meeting(ctx: Ctx) -> None:
    """The data folder on a tiny disk: a refused write keeps every confirmed event."""
    where = ctx.mount("size=256k")
    ctx.data = where / "data"
    session = open_session(ctx.data, "Circle", clock=ctx.clock)
    try:
        session.record(session.meeting.queue("Ana", ctx.clock()))
        before = list(session.meeting.events)
        filler = where / "filler"
        fill(filler)
        with pytest.raises(OSError):
            session.record(session.meeting.queue("Ben", ctx.clock()))
        assert session.meeting.events == before  # the screen never runs ahead of the disk
        filler.unlink()
        session.record(session.meeting.queue("Ben", ctx.clock()))  # space again: goes on
    finally:
        session.close()
    log = MeetingLog(locations.meeting_file(ctx.data, session.state.id), readonly=True)
    assert [e.get("name") for e in log.events()][-2:] == ["Ana", "Ben"]


def groups_wrong_shape(ctx: Ctx) -> None:
    path = locations.groups_file(ctx.data)
    path.write_text(json.dumps({"groups": {"1": {"name": 5, "roster": "nope"}}}))
    code, said = ctx.cli("retention", "--group", "Circle", "30")
    assert code in (0, cli.EXIT_USAGE), said


def healed_index(content: bytes):
    """index.json is derived (#11): rebuilt from meetings/, the damaged one set aside."""
    def run(ctx: Ctx) -> None:
        path = locations.index_file(ctx.data)
        path.write_bytes(content)
        code, said = ctx.cli("sessions")
        assert code == 0 and "index.json" in said and "rebuilt" in said, said
        aside = [p for p in ctx.data.iterdir() if p.name.startswith("index.damaged-")]
        assert [p.read_bytes() for p in aside] == [content] and aside[0].name in said
        assert ctx.meeting_id in said
    return run


def meeting_file(content: bytes):
    def run(ctx: Ctx) -> None:
        path = locations.meeting_file(ctx.data, ctx.meeting_id)
        path.write_bytes(content)
        code, said = ctx.cli("export", ctx.meeting_id)
        assert code == cli.EXIT_USAGE and path.name in said, said
        assert path.read_bytes() == content
        ctx.events = None  # this case damaged it on purpose
    return run


CASES = [
    # names typed with a and d
    ("name-markup-a", typed(("a",), MARKUP, queued(MARKUP))),
    ("name-escape-a", typed(("a",), f"{ESC}[31mRed{ESC}[0m{ESC}]0;title\a", queued("Red"))),
    ("name-nul-d", typed(("d",), "Ze\x00ld\x00a", queued("Zelda"), speaking=True)),
    ("name-1mb-a", typed(("a",), BIG, refused("at most"))),
    ("name-only-controls-d", typed(("d",), "\x00\x07\x1b", refused("name"), speaking=True)),
    # the roster editor (R, then a)
    ("roster-markup", typed(("R", "a"), MARKUP, rostered(MARKUP))),
    ("roster-escape-nul", typed(("R", "a"), f"Mo{ESC}[1m\x00ra", rostered("Mora"))),
    ("roster-1mb", typed(("R", "a"), BIG, rostered(None, "at most"))),
    # notes typed with o
    ("note-markup-o", typed(("o",), MARKUP, noted(MARKUP))),
    ("note-escape-o", typed(("o",), f"a{ESC}[2Jb", noted("ab"))),
    ("note-1mb-o", typed(("o",), BIG, note_refused)),
    # agreements (groups.json, read aloud with g)
    ("agreements-hostile-items", agreements_file(
        [MARKUP, f"{ESC}[2JWiped\x00", "y" * 100_000], MARKUP[:30])),
    ("agreements-wrong-shape", agreements_wrong_shape),
    # format files
    ("format-invalid-utf8", format_file(b'name = "\xff\xfe"\n')),
    ("format-toml-syntax", format_file(b'name = "x\nphases = [\n', "line")),
    ("format-wrong-types", format_file(b'name = "W"\nshare_seconds = "long"\nphases = 3\n')),
    ("format-nul-bytes", format_file(b'name = "N\x00"\n\x00\x00')),
    ("format-1mb", format_file(b'name = "' + BIG.encode() + b'"\nphases = []\n')),
    ("format-escape-name", format_file(
        b'name = "\\u001b[2J"\nshare_seconds = 60\nwrap_up_seconds = 10\nphases = []\n')),
    # the raised-hand inbox
    ("inbox-invalid-utf8", inbox_file(b'{"name": "\xff", "at": 1}')),
    ("inbox-wrong-shape", inbox_file(b'["name", "Ana"]')),
    ("inbox-1mb", inbox_file(json.dumps({"name": BIG, "at": 1}).encode())),
    ("inbox-nul", inbox_file(b"\x00" * 100)),
    ("inbox-markup-name", inbox_file(json.dumps({"name": MARKUP, "at": 1.0}).encode(), MARKUP)),
    # command-line values
    ("cli-group-empty", command("--", "retention", "--group", "   ", "30", says="empty")),
    ("cli-group-escape", command("retention", "--group", f"{ESC}[2JEvil", "30", code=0)),
    ("cli-older-than-word", command("purge", "--older-than", "soon", says="older-than")),
    ("cli-older-than-negative", command("purge", "--older-than", "-5", says="older-than")),
    ("cli-older-than-huge", command("purge", "--older-than", "9" * 400, says="older-than")),
    ("cli-export-path-id", command("export", "../../../etc/passwd", says="No meeting")),
    ("cli-export-escape-id", command("export", f"{ESC}[2J[bold]x", says="No meeting")),
    ("cli-export-missing-folder", export_to_missing_folder),
    ("cli-port-zero", command("serve", "--port", "0", says="--port")),
    ("cli-port-huge", command("serve", "--port", "70000", says="--port")),
    # the files roomtui keeps
    ("groups-invalid-utf8", damaged(locations.groups_file, b'{"groups": {"\xff": 1}}',
                                    "retention", "--group", "Circle", "30")),
    ("groups-wrong-shape", groups_wrong_shape),
    ("index-not-json", healed_index(b"{not json")),
    ("index-wrong-shape", healed_index(json.dumps({"meetings": {"1": {"id": 7}}}).encode())),
    ("meeting-truncated", meeting_file(b'{"events": {"1": {"seq": 0, "type": "meet')),
    ("meeting-nul-bytes", meeting_file(b"\x00" * 64)),
    ("meeting-wrong-shape", meeting_file(b'{"events": [1, 2, 3]}')),
    # the disk itself
    ("read-only-data-folder", read_only_data),
    ("full-disk-export", full_disk_export),
    ("full-disk-meeting", full_disk_meeting),
]


#: Cases that start a process (mount and umount): marked ``process``.
MOUNTS = {"read-only-data-folder", "full-disk-export", "full-disk-meeting"}


@pytest.mark.parametrize("run", [
    pytest.param(run, id=name, marks=[pytest.mark.process] if name in MOUNTS else [])
    for name, run in CASES])
def test_hostile_input(tmp_path, capsys, monkeypatch, run):
    monkeypatch.delenv("ROOMTUI_DATA_DIR", raising=False)
    ctx = Ctx(tmp_path, capsys)
    try:
        result = run(ctx)
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    finally:
        if ctx.mounted is not None:
            subprocess.run(["umount", "-l", str(ctx.mounted)], check=False)
    if ctx.events is not None:  # nothing lost: the earlier meeting loads, every event
        ctx.data = tmp_path / "data"
        assert ctx.meeting_events() == ctx.events
    log = locations.log_file(tmp_path / "data")
    assert not log.exists() or "Traceback" not in log.read_text()
