"""roomtui protect, export and a kill -9 with locked notes, as real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from roomtui.session import open_session
from roomtui.storage import GroupBook, locations, protect

pytestmark = pytest.mark.process

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))
GROUP = "Grief circle"
NOTE = "call the housing office for [bold]Ben[/] 🌱"


def roomtui(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "ROOMTUI_DATA_DIR": str(root), "TZ": "UTC"}
    return subprocess.run([ROOMTUI, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60)


def every_byte(root: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def meeting_with_a_note(data_dir, clock) -> Path:
    session = open_session(data_dir, GROUP, clock=clock)
    session.attempt(lambda at: session.meeting.add_note(NOTE, at))
    session.close()
    return data_dir


def export_notes(root: Path, stdin: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    done = roomtui(root, "export", "latest", "--format", "json", stdin=stdin)
    notes = [n["text"] for n in json.loads(done.stdout)["notes"]] if done.returncode == 0 else []
    return done, notes


def test_protect_then_export_with_the_right_and_the_wrong_passphrase(meeting_with_a_note):
    root = meeting_with_a_note
    done = roomtui(root, "protect", "--group", GROUP, stdin="first secret\n")
    assert done.returncode == 0, done.stderr
    assert "loses this group's notes" in done.stdout.splitlines()[0]  # said before anything
    assert b"housing" not in every_byte(root)
    done, notes = export_notes(root, "first secret\n")
    assert done.returncode == 0 and notes == [NOTE]
    wrong = roomtui(root, "export", "latest", stdin="First secret\n")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert "housing" not in wrong.stderr and "does not open" in wrong.stderr
    nothing = roomtui(root, "export", "latest")  # stdin at its end: no passphrase
    assert nothing.returncode == 2 and nothing.stdout == ""


def test_change_and_remove_need_the_current_passphrase(meeting_with_a_note):
    root = meeting_with_a_note
    assert roomtui(root, "protect", "--group", GROUP, stdin="old one\n").returncode == 0
    refused = roomtui(root, "protect", "--group", GROUP, "--change", stdin="not it\nnew one\n")
    assert refused.returncode == 2
    assert export_notes(root, "old one\n")[1] == [NOTE]
    changed = roomtui(root, "protect", "--group", GROUP, "--change", stdin="old one\nnew one\n")
    assert changed.returncode == 0, changed.stderr
    assert export_notes(root, "old one\n")[0].returncode == 2
    assert export_notes(root, "new one\n")[1] == [NOTE]
    assert b"housing" not in every_byte(root)
    assert roomtui(root, "protect", "--group", GROUP, "--remove", stdin="old one\n").returncode == 2
    removed = roomtui(root, "protect", "--group", GROUP, "--remove", stdin="new one\n")
    assert removed.returncode == 0, removed.stderr
    assert "housing" in (locations.index_file(root)).read_text(encoding="utf-8")
    assert export_notes(root, "")[1] == [NOTE]  # no passphrase asked any more
    again = roomtui(root, "protect", "--group", GROUP, "--remove", stdin="new one\n")
    assert again.returncode == 2 and "not locked" in again.stderr


def test_protect_refuses_while_the_facilitator_app_holds_the_group(meeting_with_a_note, clock):
    root = meeting_with_a_note
    session = open_session(root, GROUP, clock=clock)
    try:
        busy = roomtui(root, "protect", "--group", GROUP, stdin="secret\n")
    finally:
        session.close()
    assert busy.returncode == 3 and "Close it first" in busy.stderr
    assert not protect.is_protected(GroupBook(locations.groups_file(root)).find(GROUP))


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from roomtui.storage import locations, protect
    from roomtui.session import open_session
    from roomtui.storage import GroupBook

    root = Path(sys.argv[1])
    group = GroupBook(locations.groups_file(root)).find(sys.argv[2])
    keys = protect.unlock_group(group, sys.stdin.readline().rstrip("\\n"))
    session = open_session(root, sys.argv[2], keys=keys)
    n = 0
    while True:
        text = f"note {n}: ü [red]not markup[/]"
        ok, why = session.attempt(lambda at: session.meeting.add_note(text, at))
        assert ok, why
        print(text, flush=True)  # after attempt returned: confirmed
        n += 1
""")


def test_kill_minus_9_mid_meeting_then_unlock_gives_the_same_notes(meeting_with_a_note):
    root = meeting_with_a_note
    assert roomtui(root, "protect", "--group", GROUP, stdin="kill test\n").returncode == 0
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), GROUP],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child.stdin.write("kill test\n")
    child.stdin.flush()
    confirmed = []
    deadline = time.monotonic() + 60
    while len(confirmed) < 15 and time.monotonic() < deadline:
        confirmed.append(child.stdout.readline().rstrip("\n"))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    confirmed += [line.rstrip("\n") for line in child.stdout]  # any still in the pipe
    assert len(confirmed) >= 15
    assert b"housing" not in every_byte(root) and b"not markup" not in every_byte(root)
    # restart and unlock, as the app does: every confirmed note, word for word
    group = GroupBook(locations.groups_file(root)).find(GROUP)
    session = open_session(root, GROUP, keys=protect.unlock_group(group, "kill test"))
    texts = [n.text for n in session.state.notes]
    session.close()
    assert texts[0] == NOTE
    assert texts[1 : 1 + len(confirmed)] == confirmed
    assert len(texts) - 1 - len(confirmed) in (0, 1)  # at most one written, not yet reported
    assert export_notes(root, "kill test\n")[1] == texts


def test_an_interrupted_protect_is_finished_by_running_it_again(meeting_with_a_note, clock,
                                                                monkeypatch):
    root = meeting_with_a_note
    session = open_session(root, GROUP, new=True, clock=clock)  # a second meeting file
    session.attempt(lambda at: session.meeting.add_note("second housing note", at))
    session.close()
    real, written = protect.atomic_write_bytes, []

    def killed_after_one(path, data):
        if written:
            raise KeyboardInterrupt  # as if killed between two files
        written.append(path)
        real(path, data)

    monkeypatch.setattr(protect, "atomic_write_bytes", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        protect.turn_on(root, GroupBook(locations.groups_file(root)).find(GROUP), "pass")
    monkeypatch.undo()
    assert b"housing" in every_byte(root)  # not all sealed yet, and nothing lost
    assert export_notes(root, "pass\n")[1] in ([NOTE], ["second housing note"])
    done = roomtui(root, "protect", "--group", GROUP, stdin="pass\n")
    assert done.returncode == 0 and "interrupted" in done.stdout, done.stdout + done.stderr
    assert b"housing" not in every_byte(root)
    assert "already locked" in roomtui(root, "protect", "--group", GROUP).stdout
