"""``roomtui report`` as a person runs it: each format, each filter, -o files, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from roomtui.session import open_session
from tests.report_scenes import GROUP, at, four_meetings

pytestmark = pytest.mark.process

ROOMTUI = str(Path(sys.executable).with_name("roomtui"))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    from tests.conftest import FakeClock

    data = tmp_path_factory.mktemp("report") / "data"
    clock = FakeClock()
    four_meetings(data, clock)
    clock.now = at(40, 20)  # another group's meeting, the last one held
    other = open_session(data, "Sunday [red]grief[/]", clock=clock)
    other.record(other.meeting.queue("ZqOther", clock()))
    other.record(other.meeting.next(clock()))
    clock.advance(3000)
    other.record(other.meeting.end(clock()))
    other.close()
    return data


def run(root: Path, *args: str, tz: str = "UTC", cwd: Path | None = None):
    env = {**os.environ, "TZ": tz}
    env.pop("ROOMTUI_DATA_DIR", None)
    return subprocess.run([ROOMTUI, "report", *args, "--data-dir", str(root)],
                          capture_output=True, text=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL, cwd=cwd)


def test_markdown_by_default_for_the_last_used_group(root):
    done = run(root)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("# Meetings report: Sunday \\[red\\]grief\\[/\\]")
    assert "Zq" not in out and "- Meetings held: 1" in out
    assert "| <3 |" in out  # one person at that meeting


def test_csv_for_one_group(root):
    done = run(root, "--group", GROUP, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["date"] for r in rows] == ["2026-11-18", "2026-11-25", "2026-12-15", "Total"]
    assert [r["attended"] for r in rows] == ["3", "4", "2", "9"]
    assert "Zq" not in done.stdout


def test_json_for_every_group(root):
    done = run(root, "--all", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["scope"] == "All groups"
    assert [(m["date"], m["group"]) for m in data["meetings"]] == [
        ("2026-11-18", GROUP), ("2026-11-25", GROUP), ("2026-12-15", GROUP),
        ("2026-12-28", "Sunday [red]grief[/]")]
    assert data["totals"]["meetings"] == 4 and data["still_open"] == 1
    assert "Zq" not in done.stdout


def test_every_group_in_markdown_has_a_group_column(root):
    done = run(root, "--all")
    assert "| Date | Day | Group | Format |" in done.stdout
    assert "Sunday \\[red\\]grief\\[/\\]" in done.stdout


@pytest.mark.parametrize("args, dates", [
    (("--since", "2026-11-25"), ["2026-11-25", "2026-12-15"]),
    (("--until", "2026-11-25"), ["2026-11-18", "2026-11-25"]),
    (("--since", "2026-11-19", "--until", "2026-12-14"), ["2026-11-25"]),
    (("--since", "2027-01-01"), []),
])
def test_date_filters(root, args, dates):
    done = run(root, "--group", GROUP, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    assert [m["date"] for m in json.loads(done.stdout)["meetings"]] == dates


def test_dates_follow_the_laptops_timezone(root):
    done = run(root, "--group", GROUP, "--format", "csv", tz="Pacific/Auckland")
    dates = [r["date"] for r in csv.DictReader(io.StringIO(done.stdout))]
    assert dates == ["2026-11-19", "2026-11-26", "2026-12-16", "Total"]


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_output_file_is_private(root, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    out.write_text("old")
    os.chmod(out, 0o644)
    done = run(root, "--group", GROUP, "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote {out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "2026-11-25" in out.read_text() and "Zq" not in out.read_text()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left


def test_unknown_group_exits_2_with_a_close_match(root):
    done = run(root, "--group", "Sunday grief")
    assert done.returncode == 2 and done.stdout == ""
    assert "There is no group called “Sunday grief”" in done.stderr
    assert "Did you mean “Sunday [red]grief[/]”?" in done.stderr


@pytest.mark.parametrize("args, words", [
    (("--since", "31/12/2026"), "--since takes a date as YYYY-MM-DD"),
    (("--group", GROUP, "--all"), "not allowed with argument"),
    (("--format", "xlsx"), "invalid choice"),
])
def test_bad_arguments_exit_2(root, args, words):
    done = run(root, *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_unwritable_output_is_a_sentence(root, tmp_path):
    done = run(root, "-o", str(tmp_path / "missing" / "r.md"))
    assert done.returncode == 74 and "Traceback" not in done.stderr
    assert "No such file or directory" in done.stderr


def test_a_damaged_meeting_is_named_and_left_out(data_dir, clock):
    from roomtui.storage import locations

    four_meetings(data_dir, clock)
    done = run(data_dir, "--group", GROUP, "--format", "json")
    first = json.loads(done.stdout)["meetings"][0]
    files = sorted(locations.meetings_dir(data_dir).glob("*.json"))
    files[0].write_text('{"events": {"1": {"seq": 0, "type"')  # the first meeting, torn
    done = run(data_dir, "--group", GROUP, "--format", "json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert first not in data["meetings"] and len(data["meetings"]) == 2
    assert data["unreadable"] == [files[0].stem]
    assert f"meeting {files[0].stem} could not be read; it is not counted" in done.stderr
    assert files[0].read_text() == '{"events": {"1": {"seq": 0, "type"'  # left as it was


def test_group_given_before_the_command_works_too(root):
    env = {**os.environ, "TZ": "UTC"}
    done = subprocess.run([ROOMTUI, "--group", GROUP, "report", "--format", "csv",
                           "--data-dir", str(root)], capture_output=True, text=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(GROUP) == 4  # three meetings and the total
