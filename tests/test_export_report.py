"""Export of a scripted meeting: Markdown checked against what happened, JSON field by field."""

from __future__ import annotations

import json
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.cli import main
from roomtui.meeting import Refused
from roomtui.records import archive
from roomtui.records.export import md_escape, to_json, to_markdown
from tests.archive_helpers import scripted_meeting
from tests.conftest import START


@pytest.fixture
def meeting(data_dir, clock):
    state = scripted_meeting(data_dir, clock)
    return archive.load(data_dir, state.id), clock()


def test_json_field_by_field(meeting):
    m, now = meeting
    data = to_json(m, now)
    assert list(data)[:10] == ["id", "group", "format", "started_at", "ended_at", "phases",
                               "turns", "notes", "pauses", "people"]
    assert data["id"] == m.state.id and data["group"] == "Starter group"
    assert data["format"] == "90-minute share meeting"
    assert data["started_at"] == "2026-11-18T11:06:40+00:00"
    assert data["ended_at"] == "2026-11-18T11:26:40+00:00"
    phases = [(p["name"], p["planned_seconds"], p["actual_seconds"]) for p in data["phases"]]
    assert phases[:4] == [("Welcome and moment of silence", 300, 300),
                          ("Reading the agreements", 300, 300),
                          ("Check-in round", 900, 315), ("Sharing", 2400, 285)]
    assert all(actual == 0 for _, _, actual in phases[4:])
    turns = [(t["name"], t["kind"], t["phase"], t["seconds"]) for t in data["turns"]]
    assert turns == [
        ("Ana", "round", "Check-in round", 80), ("Ben", "pass", "Check-in round", 10),
        ("Cara", "round", "Check-in round", 90), ("Dev", "round", "Check-in round", 60),
        ("Eli", "pass", "Check-in round", 30), ("Femi", "round", "Check-in round", 45),
        ("Ana", "share", "Sharing", 200)]
    assert data["turns"][0]["started_at"] == "2026-11-18T11:16:40+00:00"
    assert data["notes"] == [
        {"at": "2026-11-18T11:21:55+00:00", "tag": "theme",
         "text": "Theme: sleep and Ana's new job", "phase": "Sharing"},
        {"at": "2026-11-18T11:25:20+00:00", "tag": "follow-up",
         "text": "call Dev about the leaflet", "phase": "Sharing"},
        {"at": "2026-11-18T11:26:40+00:00", "tag": "resource",
         "text": "[bold]x[/] *star* | pipe `code` # not a heading", "phase": "Sharing"},
    ]
    assert data["pauses"] == []
    people = {p["name"]: (p["turns"], p["passes"], p["seconds"]) for p in data["people"]}
    # turns are shares; check-in round turns count apart ("rounds")
    assert people == {"Ana": (1, 0, 280), "Ben": (0, 1, 0), "Cara": (0, 0, 90),
                      "Dev": (0, 0, 60), "Eli": (0, 1, 0), "Femi": (0, 0, 45)}
    assert {p["name"]: p["rounds"] for p in data["people"]} == {
        "Ana": 1, "Ben": 0, "Cara": 1, "Dev": 1, "Eli": 0, "Femi": 1}
    assert data["not_spoken"] == ["Ben", "Cara", "Dev", "Eli", "Femi"]
    assert data["seconds"] == 1200 and data["attended"] == 6


def test_markdown_report_says_what_happened(meeting):
    m, now = meeting
    md = to_markdown(m, now)
    assert md.startswith("# Starter group: meeting of 2026-11-18\n")
    assert "- Length: 20:00" in md and "- Took part: 6 of 6" in md
    assert "| Check-in round | 15:00 | 5:15 |" in md
    assert "| Sharing | 40:00 | 4:45 |" in md
    assert "| **Total** | 1:30:00 | 20:00 |" in md
    assert "| Ana | 1 | 0 | 4:40 |" in md and "| Ben | 0 | 1 | 0:00 |" in md
    assert "round turns count apart: Ana 1, Cara 1, Dev 1, Femi 1." in md
    assert "## Did not share (a check-in turn is not a share)\n\n- Ben\n- Cara\n- Dev\n- Eli\n- Femi\n" in md
    assert "## Follow-ups\n\n- call Dev about the leaflet\n" in md
    assert "- 11:21 (Sharing) **theme**: Theme: sleep and Ana's new job" in md
    assert ("**resource**: \\[bold\\]x\\[/\\] \\*star\\* \\| pipe \\`code\\` \\# not a heading"
            in md)
    assert "- 11:16 Ana: round, 1:20 (Check-in round)" in md
    assert "## Pauses" not in md  # none happened


def test_without_names_people_are_members_everywhere(meeting):
    m, now = meeting
    md = to_markdown(m, now, names=False)
    for name in ("Ana", "Ben", "Cara", "Dev", "Eli", "Femi"):
        assert name not in md
    assert "| Member 1 | 1 | 0 | 4:40 |" in md and "| Member 2 | 0 | 1 | 0:00 |" in md
    assert "count apart: Member 1 1, Member 3 1, Member 4 1, Member 6 1." in md
    assert "## Did not share (a check-in turn is not a share)\n\n- Member 2\n- Member 3\n- Member 4\n" in md
    assert "Theme: sleep and Member 1's new job" in md
    assert "- call Member 4 about the leaflet" in md
    data = to_json(m, now, names=False)
    assert [t["name"] for t in data["turns"]] == [
        "Member 1", "Member 2", "Member 3", "Member 4", "Member 5", "Member 6", "Member 1"]
    assert "Ana" not in json.dumps(data)


def test_md_escape_renders_as_written():
    assert md_escape("*a* _b_ [c](d) <e> #f |g| `h` \\ &amp;") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\#f \\|g\\| \\`h\\` \\\\ \\&amp;")
    assert md_escape("- not a list") == "\\- not a list"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("Check-in, 3.5 min") == "Check-in, 3.5 min"


def test_cli_export_file_is_private_and_latest_works(data_dir, clock, tmp_path, capsys):
    scripted_meeting(data_dir, clock)
    out = tmp_path / "report.md"
    os.umask(0o022)
    assert main(["export", "latest", "--format", "md", "--no-names", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Member 1" in out.read_text() and "Ana" not in out.read_text()
    assert main(["export", "latest", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["notes"][1]["tag"] == "follow-up"


def test_cli_export_unknown_id_is_a_clear_error(data_dir, clock, capsys):
    scripted_meeting(data_dir, clock)
    assert main(["export", "nope-123"]) == 2
    assert "No meeting with id 'nope-123'" in capsys.readouterr().err


def test_start_is_fixed(clock):
    assert clock() == START


NAME_POOL = ["Ana", "Ana Lopez", "Ben", "Zoë", "[b]x[/]", "נועה", "Dev 🌱", "O'Neil"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(NAME_POOL), min_size=1, max_size=5, unique=True),
       st.lists(st.tuples(st.sampled_from(NAME_POOL), st.text(max_size=20)), max_size=5))
def test_without_names_no_roster_name_survives_anywhere(roster, notes):
    from roomtui.meeting.notes import names_in
    from tests.meeting_helpers import FORMAT, Live

    live = Live(roster=roster, fmt=FORMAT)
    live.do("start_round")
    for name, extra in notes:
        live.tick(5)
        try:
            live.do("add_note", f"{extra} {name} {extra}")
        except Refused:
            pass
        live.do("next") if live.state.current else None
    data = to_json(live.m, live.at, names=False)
    texts = [t["name"] for t in data["turns"]] + [p["name"] for p in data["people"]]
    texts += data["not_spoken"] + [n["text"] for n in data["notes"]]
    assert all(names_in(text, roster) == [] for text in texts)
    members = {p["name"] for p in data["people"]}
    assert members == {f"Member {i}" for i in range(1, len(roster) + 1)}
