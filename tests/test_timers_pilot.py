"""A whole short meeting driven by the documented keys, checked on screen and in the export."""

from __future__ import annotations

import json

from roomtui.cli import main as cli_main
from roomtui.storage import locations
from tests.pilots import add, redraw, to_sharing
from tests.screen import screen_text, shows_big

SHORT = """\
name = "Short test meeting"
share_minutes = 2
wrap_up_seconds = 30

[[phase]]
name = "Opening"
minutes = 1
crosstalk = false

[[phase]]
name = "Check-in"
minutes = 3
round = true
share_minutes = 1
crosstalk = false

[[phase]]
name = "Sharing"
minutes = 5

[[phase]]
name = "Close"
minutes = 1
"""


async def tick(pilot, clock, seconds: float) -> None:
    """Move the fake clock and draw what the 1 s refresh would."""
    clock.advance(seconds)
    await redraw(pilot)


def short_format_meeting(make_app, data_dir):
    """The starter group, with SHORT as its own format file, chosen for a new meeting."""
    make_app().session.close()
    folder = locations.group_formats_dir(data_dir, "starter-group")
    folder.mkdir(parents=True)
    (folder / "short.toml").write_text(SHORT, encoding="utf-8")
    first = make_app()
    first.session.reload_formats()
    first.session.choose_format("Short test meeting")
    first.session.close()
    return make_app(new=True)


async def test_a_whole_short_meeting_by_keys_then_the_export(make_app, data_dir, clock, capsys):
    app = short_format_meeting(make_app, data_dir)
    assert app.session.state.format_name == "Short test meeting"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await tick(pilot, clock, 70)  # the opening runs 10 s over its minute
        assert "1/4 Opening  ◔ 1 min over plan" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert "press r to go around the 6 present" in screen_text(app)

        await pilot.press("r")  # Ana, Ben, Cara, Dev, Eli, Femi in seat order
        await tick(pilot, clock, 40)
        text = screen_text(app)
        assert "Ana  round  ·  Check-in, 5 to go" in text
        assert "1:00 limit" in text and shows_big(text, "0:20")
        await pilot.press("n", "s")  # Ben passes
        await pilot.pause()
        await tick(pilot, clock, 75)  # Cara runs over the round's minute
        text = screen_text(app)
        assert shows_big(text, "+0:15") and "1:00 limit   ◆ over time" in text
        await add(pilot, "Zoë")  # a latecomer joins the end of the round
        assert "Zoë joins the round." in screen_text(app)
        await pilot.press("n")
        await tick(pilot, clock, 20)
        await pilot.press("n", "s")  # Dev 20 s, then Eli passes
        await tick(pilot, clock, 30)
        await pilot.press("n")  # Femi 30 s, then Zoë
        await tick(pilot, clock, 10)
        await pilot.press("n")  # the round is done
        await pilot.pause()
        assert not app.session.state.in_round

        await pilot.press("p")  # Sharing: 2-minute shares, crosstalk on
        await add(pilot, "Ana")
        await add(pilot, "Ben")
        await add(pilot, "Cara", key="d")
        await pilot.press("n")
        await tick(pilot, clock, 95)
        text = screen_text(app)
        assert "Cara  direct response" in text and "30 seconds left" in text
        await tick(pilot, clock, 55)
        text = screen_text(app)
        assert shows_big(text, "+0:30") and "2:00 limit   ◆ over time" in text
        await pilot.press("n")
        await tick(pilot, clock, 60)
        await pilot.press("n")
        await tick(pilot, clock, 30)
        await pilot.press("p")  # Close: Ben's share ends; the hint lists who has not shared
        await redraw(pilot)
        # a check-in turn is not a share: the sharing phases are what count here
        words = " ".join(screen_text(app).replace("▌", " ").split())
        assert "not shared yet: Dev, Eli, Femi, Zoë" in words
        assert "Ben's turn ended. Now: Close." in screen_text(app)
        await tick(pilot, clock, 30)
        await pilot.press("e", "y")
        await pilot.pause()

    assert cli_main(["--data-dir", str(data_dir), "export", app.session.state.id,
                     "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "Short test meeting"
    assert [(p["name"], p["planned_seconds"], p["actual_seconds"]) for p in data["phases"]] == [
        ("Opening", 60, 70),
        ("Check-in", 180, 40 + 75 + 20 + 30 + 10),
        ("Sharing", 300, 95 + 55 + 60 + 30),
        ("Close", 60, 30),
    ]
    turns = [(t["name"], t["kind"], t["phase"], t["seconds"]) for t in data["turns"]]
    assert turns == [
        ("Ana", "round", "Check-in", 40),
        ("Ben", "pass", "Check-in", 0),
        ("Cara", "round", "Check-in", 75),
        ("Dev", "round", "Check-in", 20),
        ("Eli", "pass", "Check-in", 0),
        ("Femi", "round", "Check-in", 30),
        ("Zoë", "round", "Check-in", 10),
        ("Cara", "direct", "Sharing", 150),
        ("Ana", "share", "Sharing", 60),
        ("Ben", "share", "Sharing", 30),
    ]
    assert data["not_spoken"] == ["Dev", "Eli", "Femi", "Zoë"]
    rounds = {p["name"]: p["rounds"] for p in data["people"]}
    assert rounds == {"Ana": 1, "Ben": 0, "Cara": 1, "Dev": 1, "Eli": 0, "Femi": 1, "Zoë": 1}


async def test_soft_bell_is_off_by_default_then_rings_once_per_cue(make_app, clock):
    app = make_app()
    rings: list[float] = []
    app.bell = lambda: rings.append(clock())
    async with app.run_test(size=(100, 30)) as pilot:
        await to_sharing(pilot)  # 3-minute shares
        await add(pilot, "Ana")
        await pilot.press("n")
        await tick(pilot, clock, 200)
        assert rings == []  # off unless the group turns it on
        await pilot.press("n")
        await add(pilot, "Ben")
        await pilot.press("f", "b", "escape")
        await pilot.pause()
        assert app.session.group["settings"]["bell"] is True
        await pilot.press("n")
        start = clock()
        for _ in range(13):  # 260 s in 20 s steps, a redraw after each
            await tick(pilot, clock, 20)
        assert [r - start for r in rings] == [120, 200]
        await pilot.press("plus", "plus")  # back before the cue and over again: silent
        for _ in range(5):
            await tick(pilot, clock, 20)
        assert len(rings) == 2


async def test_phase_rules_by_keys(make_app, clock):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await add(pilot, "Ana")
        await pilot.press("d")
        await pilot.pause()
        assert "No crosstalk in “Welcome and moment of silence”" in screen_text(app)
        await pilot.press("b", "p", "k", "p", "k")  # k: Ana keeps waiting
        await pilot.pause()
        assert "Check-in round: press r to go around the 6 present" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        state = app.session.state
        assert state.round_name == "Check-in round"
        assert state.current.name == "Ana" and state.current.limit_seconds == 90
        assert "Check-in round: going around in seat order" in screen_text(app)
