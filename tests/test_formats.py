"""Meeting formats: shipped files, every way a hand-edited file can be wrong, round trips."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from roomtui.formats.files import (
    DEFAULT_FORMAT_NAME,
    PROMPT_IDS,
    FormatError,
    copy_format,
    default_format,
    find_format,
    load_format_file,
    load_formats,
    parse_format,
    save_format,
    shipped_formats,
    to_toml,
)
from roomtui.meeting.text import strip_controls

GOOD = """\
name = "Tuesday circle"
share_minutes = 3

[[phase]]
name = "Check-in"
minutes = 10
round = true

[[phase]]
name = "Sharing"
minutes = 30
"""


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error_for(tmp_path: Path, data: str | bytes, name: str = "bad.toml") -> FormatError:
    with pytest.raises(FormatError) as info:
        load_format_file(write(tmp_path, name, data))
    err = info.value
    assert err.path is not None and err.path.name == name
    assert str(err).startswith(f"{name}: ")
    return err


def without_origin(fmt: dict) -> dict:
    return {k: v for k, v in fmt.items() if k not in ("source", "file")}


# --- shipped formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "name", "minutes"),
    [
        ("share-90.toml", "90-minute share meeting", 90),
        ("checkin-60.toml", "60-minute check-in circle", 60),
        ("education-90.toml", "90-minute education and support meeting", 90),
    ],
)
def test_shipped_format_parses_and_adds_up(file, name, minutes):
    fmt = find_format(shipped_formats(), name)
    assert fmt is not None and fmt["file"] == file and fmt["source"] == "shipped"
    assert sum(p["planned_seconds"] for p in fmt["phases"]) == minutes * 60
    assert all(p["prompt"] in (None, *PROMPT_IDS) for p in fmt["phases"])
    assert without_origin(parse_format(to_toml(fmt))) == without_origin(fmt)


def test_default_format_is_the_shipped_share_meeting():
    fmt = default_format()
    assert fmt["name"] == DEFAULT_FORMAT_NAME == shipped_formats()[0]["name"]
    assert (fmt["share_seconds"], fmt["wrap_up_seconds"], fmt["bell"]) == (180, 60, False)
    phases = [(p["name"], p["planned_seconds"], p["share_seconds"], p["round"], p["crosstalk"],
               p["prompt"]) for p in fmt["phases"]]
    assert phases == [
        ("Welcome and moment of silence", 300, None, False, False, "moment-of-silence"),
        ("Reading the agreements", 300, None, False, False, None),
        ("Check-in round", 900, 90, True, False, None),
        ("Sharing", 2400, 180, False, True, None),
        ("Break", 600, None, False, True, None),
        ("Check-out round", 600, 60, True, False, "reflection"),
        ("Close", 300, None, False, True, None),
    ]
    fmt["phases"].clear()  # callers get their own copy
    assert len(default_format()["phases"]) == 7


def test_shipped_files_explain_their_keys():
    for fmt in shipped_formats():
        text = to_toml(fmt)
        assert text.startswith("# A roomtui meeting format")
        for key in ("share_minutes", "wrap_up_seconds", "crosstalk", "prompt", "round"):
            assert f"#   {key}" in text
        assert text.count("[[phase]]") >= len(fmt["phases"])


@pytest.mark.process
def test_formats_module_does_not_import_textual():
    code = "import sys, roomtui.formats.files; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# --- what a facilitator can get wrong ---------------------------------------------------


def test_missing_name(tmp_path):
    err = error_for(tmp_path, GOOD.replace('name = "Tuesday circle"\n', ""))
    assert err.where == "field 'name'" and "missing" in err.message


def test_missing_phase_minutes(tmp_path):
    err = error_for(tmp_path, GOOD.replace("minutes = 30\n", ""))
    assert err.where == "phase 2, field 'minutes'"


def test_negative_minutes(tmp_path):
    err = error_for(tmp_path, GOOD.replace("minutes = 30", "minutes = -5"))
    assert str(err) == (
        "bad.toml: phase 2, field 'minutes': must be a number of minutes above 0 (got -5)"
    )


@pytest.mark.parametrize("value", ["10000", "nan", "inf", "0", "0.001", "true", '"ten"'])
def test_absurd_minutes(tmp_path, value):
    err = error_for(tmp_path, GOOD.replace("minutes = 30", f"minutes = {value}"))
    assert err.where == "phase 2, field 'minutes'"
    if value == "10000":
        assert "at most 600" in err.message


def test_unknown_key_is_reported_with_a_suggestion(tmp_path):
    err = error_for(tmp_path, GOOD.replace("round = true", "crostalk = false"))
    assert err.where == "phase 1, field 'crostalk'"
    assert "did you mean 'crosstalk'" in err.message
    err = error_for(tmp_path, "sharing_minutes = 2\n" + GOOD)
    assert err.where == "field 'sharing_minutes'"


def test_wrong_type(tmp_path):
    err = error_for(tmp_path, GOOD.replace("round = true", 'round = "yes"'))
    assert err.where == "phase 1, field 'round'" and "true or false" in err.message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("wrap_up_seconds = 180", "field 'wrap_up_seconds'"),
        ("wrap_up_seconds = 1.5", "field 'wrap_up_seconds'"),
        ("bell = 1", "field 'bell'"),
        ("description = 5", "field 'description'"),
        ('name = "   "', "field 'name'"),
    ],
)
def test_bad_top_level_values(tmp_path, line, field):
    key = line.split(" =")[0]
    text = "\n".join(ln for ln in GOOD.splitlines()[:2] if not ln.startswith(key + " "))
    text = f"{line}\n{text}\n" + GOOD.split("\n\n", 1)[1]
    assert error_for(tmp_path, text).where == field


def test_unknown_prompt(tmp_path):
    err = error_for(tmp_path, GOOD.replace("round = true", 'prompt = "moment-of-silense"'))
    assert err.where == "phase 1, field 'prompt'" and "moment-of-silence" in err.message


def test_broken_syntax_names_the_line(tmp_path):
    err = error_for(tmp_path, GOOD.replace("[[phase]]\nname = \"Sharing\"", "[[phase]\nname = 1"))
    assert err.where.startswith("line 9,"), err.where
    assert "not valid TOML" in err.message and "line 9" in str(err)
    err = error_for(tmp_path, 'name = "x"\nshare_minutes = [1,\n')
    assert err.where.startswith("line 2")


def test_invalid_utf8(tmp_path):
    err = error_for(tmp_path, GOOD.encode() + b'\n# caf\xe9\n')
    assert err.where == "line 13" and "UTF-8" in err.message


def test_byte_order_mark_is_accepted(tmp_path):
    assert load_format_file(write(tmp_path, "bom.toml", b"\xef\xbb\xbf" + GOOD.encode()))


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"# only a comment\n"])
def test_empty_file(tmp_path, data):
    err = error_for(tmp_path, data)
    assert "empty" in err.message or "no settings" in err.message


@pytest.mark.parametrize("extra", ["", "phase = []\n", 'phase = "none"\n'])
def test_zero_phases(tmp_path, extra):
    err = error_for(tmp_path, 'name = "x"\nshare_minutes = 3\n' + extra)
    assert err.where == "field 'phase'" and "at least one" in err.message


def test_too_many_phases(tmp_path):
    text = 'name = "x"\nshare_minutes = 3\n' + '[[phase]]\nname = "p"\nminutes = 1\n' * 51
    assert error_for(tmp_path, text).where == "field 'phase'"


def test_missing_file(tmp_path):
    with pytest.raises(FormatError) as info:
        load_format_file(tmp_path / "gone.toml")
    assert str(info.value).startswith("gone.toml: ")


def test_names_are_cleaned_of_terminal_escapes():
    fmt = parse_format(GOOD.replace("Tuesday circle", "\\u001b[31mTuesday\\u202e  circle"))
    assert fmt["name"] == "Tuesday circle"


def test_decimal_minutes_become_whole_seconds():
    fmt = parse_format(GOOD.replace("minutes = 30", "minutes = 2.5\nshare_minutes = 1.25"))
    assert fmt["phases"][1]["planned_seconds"] == 150 and fmt["phases"][1]["share_seconds"] == 75
    assert fmt["wrap_up_seconds"] == 60 and fmt["phases"][1]["crosstalk"] is True


# --- a group's folder -------------------------------------------------------------------


def test_broken_file_is_reported_and_left_alone(tmp_path):
    write(tmp_path, "good.toml", GOOD)
    broken = GOOD.encode().replace(b"minutes = 30", b"minutes = -5") + b"\n# \xff notes\n"
    write(tmp_path, "broken.toml", broken)
    write(tmp_path, "notes.txt", "not a format")
    before = os.stat(tmp_path / "broken.toml")
    formats, errors = load_formats(tmp_path)
    assert [f["name"] for f in formats][-1] == "Tuesday circle"
    assert find_format(formats, "tuesday CIRCLE")["source"] == "group"
    assert find_format(formats, DEFAULT_FORMAT_NAME)["source"] == "shipped"
    assert [e.path.name for e in errors] == ["broken.toml"]
    assert (tmp_path / "broken.toml").read_bytes() == broken
    assert os.stat(tmp_path / "broken.toml").st_mtime_ns == before.st_mtime_ns


def test_group_file_overrides_shipped_format_of_the_same_name(tmp_path):
    write(tmp_path, "mine.toml", GOOD.replace("Tuesday circle", DEFAULT_FORMAT_NAME.upper()))
    formats, errors = load_formats(tmp_path)
    assert not errors and len(formats) == len(shipped_formats())
    assert find_format(formats, DEFAULT_FORMAT_NAME)["file"] == "mine.toml"


def test_two_group_files_with_one_name(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD)
    formats, errors = load_formats(tmp_path)
    assert find_format(formats, "Tuesday circle")["file"] == "a.toml"
    assert [e.path.name for e in errors] == ["b.toml"] and "a.toml" in errors[0].message


@pytest.mark.parametrize("folder", [None, Path("/nonexistent/roomtui-formats")])
def test_no_group_folder(folder):
    formats, errors = load_formats(folder)
    assert len(formats) >= 3 and not errors
    assert find_format(formats, "no such format") is None


def test_save_format_is_private_even_under_a_loose_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = save_format(default_format(), tmp_path / "formats")
    finally:
        os.umask(old)
    assert path.name == "90-minute-share-meeting.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert without_origin(load_format_file(path)) == without_origin(default_format())


def test_save_format_refuses_to_overwrite_a_broken_file(tmp_path):
    broken = b'name = "90-minute share meeting"\n[[phase]\n'
    write(tmp_path, "90-minute-share-meeting.toml", broken)
    with pytest.raises(FormatError):
        save_format(default_format(), tmp_path)
    assert (tmp_path / "90-minute-share-meeting.toml").read_bytes() == broken


def test_save_format_updates_its_own_file_but_not_another_format(tmp_path):
    fmt = parse_format(GOOD)
    path = save_format(fmt, tmp_path)
    fmt["share_seconds"] = 120
    assert save_format(fmt, tmp_path) == path
    assert load_format_file(path)["share_seconds"] == 120
    other = dict(fmt, name="Tuesday: circle!")  # the same slug, a different format
    assert save_format(other, tmp_path).name == "tuesday-circle-2.toml"
    assert load_format_file(path)["name"] == "Tuesday circle"


def test_save_format_refuses_an_invalid_format(tmp_path):
    with pytest.raises(FormatError):
        save_format(dict(parse_format(GOOD), phases=[]), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_copy_format(tmp_path):
    copy = copy_format(default_format(), "  Our share meeting ", tmp_path)
    assert copy["name"] == "Our share meeting" and copy["source"] == "group"
    assert copy["phases"] == default_format()["phases"]
    formats, errors = load_formats(tmp_path)
    assert not errors and find_format(formats, "our share meeting")["file"] == copy["file"]
    with pytest.raises(FormatError):
        copy_format(default_format(), "OUR SHARE MEETING", tmp_path)


# --- round trip -------------------------------------------------------------------------


def clean_name(text: str) -> str:
    return " ".join(strip_controls(text).split())


names = st.text(min_size=1, max_size=80).map(clean_name).filter(bool)
descriptions = st.text(max_size=200).map(
    lambda t: strip_controls(t, keep_newlines=True).strip()
)


@st.composite
def format_dicts(draw, name=names):
    share = draw(st.integers(1, 3600))
    phases = draw(st.lists(st.fixed_dictionaries({
        "name": names,
        "planned_seconds": st.integers(1, 600 * 60),
        "share_seconds": st.none() | st.integers(1, 3600),
        "round": st.booleans(),
        "crosstalk": st.booleans(),
        "prompt": st.none() | st.sampled_from(PROMPT_IDS),
    }), min_size=1, max_size=8))
    return {
        "name": draw(name),
        "description": draw(descriptions),
        "share_seconds": share,
        "wrap_up_seconds": draw(st.integers(0, share - 1)),
        "bell": draw(st.booleans()),
        "phases": phases,
    }


def with_name(name: str) -> dict:
    return dict(parse_format(GOOD), name=name, description='He said "hi"\n\\ """ \'\'\'')


@given(format_dicts())
@example(with_name("[bold]x[/]"))
@example(with_name("🧘‍♀️ Calm circle 🌿"))
@example(with_name("מפגש שיתוף"))
@example(with_name("مجموعة الدعم [red]"))
@example(with_name('Quotes "and" \\backslashes\\ and \'apostrophes\''))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip(fmt):
    text = to_toml(fmt)
    assert without_origin(parse_format(text)) == without_origin(fmt)
