"""A group's format: chosen in the app, copied into an editable file, broken files shown."""

from __future__ import annotations

import stat

from roomtui.formats.files import load_format_file
from roomtui.storage import GroupBook, locations
from tests.pilots import assert_in_palette, palette, screen_after
from tests.screen import screen_text

BROKEN = {
    "missing.toml": 'name = "No share time"\n\n[[phase]]\nname = "One"\nminutes = 5\n',
    "negative.toml": 'name = "Backwards"\nshare_minutes = 3\n\n[[phase]]\nname = "One"\n'
                     "minutes = -5\n",
    "absurd.toml": 'name = "Forever"\nshare_minutes = 3\n\n[[phase]]\nname = "One"\n'
                   "minutes = 100000\n",
    "unknown.toml": 'name = "Typo"\nshare_minutes = 3\n\n[[phase]]\nname = "One"\nminutes = 5\n'
                    "crostalk = false\n",
    "syntax.toml": 'name = "Half"\nshare_minutes = 3\n[[phase]\n',
}
GOOD = 'name = "Our circle"\nshare_minutes = 2\n\n[[phase]]\nname = "Round"\nminutes = 20\n' \
       "round = true\n"


def group_folder(data_dir):
    return locations.group_formats_dir(data_dir, "starter-group")


def write_files(data_dir, files: dict[str, str]) -> dict:
    folder = group_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: (folder / name).read_bytes() for name in files}


def test_a_new_group_meeting_follows_the_groups_chosen_format(make_app, data_dir):
    make_app().session.close()
    write_files(data_dir, {"ours.toml": GOOD})
    GroupBook(locations.groups_file(data_dir)).update("starter-group", format="our circle")
    app = make_app(new=True)
    state = app.session.state
    assert state.format_name == "Our circle"
    assert [p.name for p in state.phases] == ["Round"]
    assert state.share_seconds == 120 and app.session.format_note == ""


def test_broken_files_are_reported_and_the_valid_ones_kept(make_app, data_dir):
    make_app().session.close()
    before = write_files(data_dir, {**BROKEN, "ours.toml": GOOD})
    app = make_app(new=True)
    errors = {e.path.name: str(e) for e in app.session.format_errors}
    assert set(errors) == set(BROKEN)
    assert "field 'share_minutes': is missing" in errors["missing.toml"]
    assert "phase 1, field 'minutes': must be a number of minutes above 0" in errors[
        "negative.toml"]
    assert "must be at most 600 minutes" in errors["absurd.toml"]
    assert "did you mean 'crosstalk'?" in errors["unknown.toml"]
    assert "line 3" in errors["syntax.toml"]
    names = [f["name"] for f in app.session.formats]
    assert "Our circle" in names and "90-minute share meeting" in names
    for name, raw in before.items():  # never rewritten
        assert (group_folder(data_dir) / name).read_bytes() == raw


def test_a_chosen_format_that_broke_falls_back_and_says_so(make_app, data_dir):
    make_app().session.close()
    write_files(data_dir, {"ours.toml": GOOD})
    GroupBook(locations.groups_file(data_dir)).update("starter-group", format="Our circle")
    write_files(data_dir, {"ours.toml": GOOD.replace("minutes = 20", "minutes = 0")})
    app = make_app(new=True)
    assert app.session.state.format_name == "90-minute share meeting"
    assert "“Our circle” could not be found or read" in app.session.format_note


async def test_the_live_screen_says_which_files_could_not_be_used(make_app, data_dir):
    make_app().session.close()
    write_files(data_dir, {"syntax.toml": BROKEN["syntax.toml"]})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Format file not usable (syntax.toml): press f to see why." in text
        await pilot.press("a", *"Ana", "enter", "n")  # and the meeting goes on
        await pilot.pause()
        assert app.session.state.current.name == "Ana"
        text = await screen_after(pilot, "f")
        assert "1 format file(s) could not be used" in text
        assert "syntax.toml: line 3" in text


async def test_formats_screen_picks_the_next_meetings_format(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        text = await screen_after(pilot, "f")
        for name in ("90-minute share meeting", "60-minute check-in circle",
                     "90-minute education and support meeting"):
            assert name in text
        assert "● 90-minute share meeting" in text
        text = await screen_after(pilot, "down", "enter")
        assert "● 60-minute check-in circle" in text
        assert "The next meeting will follow “60-minute check-in circle”" in text
        assert app.session.state.format_name == "90-minute share meeting"  # this one keeps going
        assert "Queue" in await screen_after(pilot, "escape")
    group = GroupBook(locations.groups_file(data_dir)).get("starter-group")
    assert group["format"] == "60-minute check-in circle"
    assert make_app(new=True).session.state.format_name == "60-minute check-in circle"


async def test_copy_a_shipped_format_into_an_editable_group_file(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", "down", "c")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Our check-in", "enter")  # ctrl+u clears the field
        await pilot.pause()
        text = screen_text(app)
        path = group_folder(data_dir) / "our-check-in.toml"
        assert "Saved an editable copy:" in text and "our-check-in.toml" in text
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        copied = load_format_file(path)
        assert copied["name"] == "Our check-in"
        assert [p["name"] for p in copied["phases"]][2] == "Check-in round"
        assert "Our check-in   group copy" in text
        # the same name again is refused, with a message, and nothing is written
        await pilot.press("c", "ctrl+u", *"Our check-in", "enter")
        await pilot.pause()
        assert "Not copied: this group already has a format called 'Our check-in'" in (
            screen_text(app))
        # an edit in a text editor shows after l (reload)
        path.write_text(path.read_text().replace('name = "Our check-in"',
                                                 'name = "Our edited check-in"'))
        assert "Our edited check-in" in await screen_after(pilot, "l")


async def test_formats_from_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert_in_palette(app, "Formats")
        await palette(pilot, "Formats")
        assert "Meeting formats · Starter group" in screen_text(app)


async def test_escape_cancels_a_copy_without_writing(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f", "c")
        await pilot.pause()
        assert "Copy cancelled." in await screen_after(pilot, "escape")
        assert not group_folder(data_dir).exists()
