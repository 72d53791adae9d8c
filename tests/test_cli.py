"""The command line: listing and exporting meetings, and bad input handled plainly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roomtui.cli import main
from roomtui.session import open_session
from roomtui.storage import locations

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))


def scripted_meeting(root: Path, clock) -> str:
    session = open_session(root, "Tuesday circle", clock=clock)
    m = session.meeting
    for _ in range(3):
        session.record(m.next_phase(clock()))
    for name in ("Ana", "Ben"):
        session.record(m.queue(name, clock()))
    session.record(m.next(clock()))
    clock.advance(125)
    session.record(m.next(clock()))
    clock.advance(40)
    session.record(m.pass_turn(clock()))
    session.record(m.end(clock()))
    meeting_id = session.state.id
    session.close()
    return meeting_id


def run(*args: str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ROOMTUI, *args, "--data-dir", str(root)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_sessions_lists_meetings_and_json_is_machine_readable(data_dir, clock, capsys):
    meeting_id = scripted_meeting(data_dir, clock)
    assert main(["sessions", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert meeting_id in out and "Tuesday circle" in out and "ended" in out
    assert main(["sessions", "--json", "--data-dir", str(data_dir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == meeting_id and rows[0]["ended_at"] is not None


def test_export_json_has_the_contract_fields(data_dir, clock, capsys):
    meeting_id = scripted_meeting(data_dir, clock)
    assert main(["export", "latest", "--format", "json", "--data-dir", str(data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:10] == ["id", "group", "format", "started_at", "ended_at", "phases",
                               "turns", "notes", "pauses", "people"][:10]
    assert data["id"] == meeting_id and data["group"] == "Tuesday circle"
    assert data["started_at"].endswith("+00:00") and data["ended_at"]
    assert [(t["name"], t["kind"], t["seconds"]) for t in data["turns"]] == [
        ("Ana", "share", 125), ("Ben", "pass", 40)]
    assert data["turns"][0]["phase"] == "Sharing"
    assert all({"name", "planned_seconds", "actual_seconds"} <= set(p) for p in data["phases"])
    assert data["notes"] == [] and data["pauses"] == []


def test_export_to_a_file_is_private(data_dir, clock, tmp_path, capsys):
    scripted_meeting(data_dir, clock)
    out = tmp_path / "report.md"
    old = os.umask(0o022)
    try:
        assert main(["export", "latest", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o600
    text = out.read_text()
    assert "Tuesday circle" in text and "| Ana | 1 | 0 | 2:05 |" in text


def test_unknown_meeting_id_is_a_clear_error(data_dir, clock, capsys):
    scripted_meeting(data_dir, clock)
    assert main(["export", "nope", "--data-dir", str(data_dir)]) == 2
    assert "No meeting with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"groups": {"1": {"id": "g", "name": "G"', b"[1, 2, 3]", b"", b"\xff\xfe\x00"],
    ids=["syntax", "truncated", "wrong-shape", "empty", "not-utf8"],
)
@pytest.mark.process
def test_a_groups_file_that_does_not_parse_is_named_and_left_alone(data_dir, content):
    data_dir.mkdir(parents=True, exist_ok=True)
    path = locations.groups_file(data_dir)
    path.write_bytes(content)
    result = run(root=data_dir)
    assert result.returncode == 2
    assert str(path) in result.stderr and "left exactly as it was" in result.stderr
    assert path.read_bytes() == content


@pytest.mark.process
def test_a_damaged_meeting_file_is_named_and_left_alone(data_dir, clock):
    session = open_session(data_dir, clock=clock)
    path = locations.meeting_file(data_dir, session.state.id)
    session.close()
    broken = path.read_bytes()[:-7]  # truncated mid-write, as a stock TinyDB could leave it
    path.write_bytes(broken)
    result = run("export", session.state.id, root=data_dir)
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert path.read_bytes() == broken  # a reader never mends it (the facilitator app does)


def test_files_are_private_whatever_the_umask(data_dir, clock):
    old = os.umask(0o022)
    try:
        scripted_meeting(data_dir, clock)
    finally:
        os.umask(old)
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), path


@pytest.mark.process
def test_empty_group_name_is_refused(data_dir):
    result = run("--group", "   ", root=data_dir)
    assert result.returncode == 2 and "cannot be empty" in result.stderr
