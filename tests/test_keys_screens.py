"""Every binding has an id, and keys.toml remaps the other screens' keys too."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter

from textual.app import App
from textual.dom import DOMNode

import roomtui.ui
from tests.screen import screen_text

#: Ids that are on purpose not remappable: the seat keys and picks (the lists show those
#: keys), the unlock prompt, and the watch and room views (they do not read keys.toml).
NOT_REMAPPABLE_PREFIXES = ("attendance.seat_", "celebrate.pick_")


def own_bindings() -> dict[type, list]:
    """Each class under roomtui.ui that declares BINDINGS, with them (imported, no Textual
    internals)."""
    found: dict[type, list] = {}
    for info in pkgutil.walk_packages(roomtui.ui.__path__, "roomtui.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ == module.__name__ and issubclass(cls, DOMNode)
                    and "BINDINGS" in cls.__dict__):
                found[cls] = list(cls.__dict__["BINDINGS"])
    return found


def test_every_binding_in_the_ui_has_an_id_unique_and_known():
    from roomtui.ui.keymap import SCREEN_IDS, VIEW_KEYS, WATCH_KEYS, remappable_ids

    found = own_bindings()
    names = {cls.__name__ for cls in found}
    assert {"RosterScreen", "AttendanceScreen", "ReviewScreen", "NoteBar", "Palette",
            "LiveScreen", "FacilitatorApp"} <= names
    seen: Counter[str] = Counter()
    for cls, bindings in found.items():
        ids = [b.id for b in bindings]
        assert all(ids), f"{cls.__name__} has a binding without an id"
        assert len(ids) == len(set(ids)), cls.__name__
        if not issubclass(cls, App):
            seen.update(ids)
    # One id on several screens only for quit: the same action in each app.
    assert {i for i, n in seen.items() if n > 1} <= {"quit"}
    other = {k.id for k in WATCH_KEYS + VIEW_KEYS} | {"unlock.leave", "view.quit", "nudge.cancel"}
    known = set(remappable_ids())
    for key_id in seen:
        assert key_id in known or key_id in other or key_id.startswith(NOT_REMAPPABLE_PREFIXES), \
            f"{key_id}: add it to SCREEN_IDS in ui/keymap.py (and the README)"
    assert set(SCREEN_IDS) <= set(seen)  # no id listed that no binding has
    assert len(SCREEN_IDS) == len(set(SCREEN_IDS))


async def test_keys_toml_remaps_a_key_of_the_roster_screen(make_app, data_dir):
    first = make_app()
    first.session.close()
    (data_dir / "keys.toml").write_text(
        'roster.move_up = "ctrl+up"\n"roster.nope" = "z"\n[groups]\nnew = "N"\n', encoding="utf-8")
    app = make_app()  # the starter roster: Ana, Ben, Cara, Dev, Eli, Femi
    assert app.keymap_overrides == {"roster.move_up": "ctrl+up", "groups.new": "N"}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "keys.toml: not used: roster.nope" in screen_text(app)
        await pilot.press("R")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "RosterScreen"
        await pilot.press("down", "ctrl+up")  # Ben up, with the remapped key
        await pilot.pause()
        names = [p["name"] for p in app.session.group["roster"]]
        assert names[:2] == ["Ben", "Ana"]
        await pilot.press("left_square_bracket")  # [ no longer moves anyone here
        await pilot.pause()
        assert [p["name"] for p in app.session.group["roster"]][:2] == ["Ben", "Ana"]
        await pilot.press("right_square_bracket")  # ] is untouched
        await pilot.pause()
        assert [p["name"] for p in app.session.group["roster"]][:2] == ["Ana", "Ben"]


async def test_keys_toml_remaps_a_key_of_the_review(data_dir, clock):
    from textual.widgets import Input

    from roomtui.ui.review import build_review_app

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "keys.toml").write_text('review.search = "ctrl+f"\n', encoding="utf-8")
    app = build_review_app(data_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not isinstance(app.focused, Input)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.focused, Input)
