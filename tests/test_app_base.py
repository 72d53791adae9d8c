"""One base for the apps, one typed way to the session (ui/roomtui_app.py, ui/typed_app.py).

Every Textual app in ``roomtui.ui`` builds on ``RoomtuiApp``. A screen or widget reaches
the facilitator's session only through ``InFacilitatorApp.session``: no module under ui/
defines its own ``session`` property or reads ``app.session``. And a class that reads an
attribute only one of the apps has (``self.app.snapshot``, ``self.app.root``, …) says which
app it belongs to by mixing in that app's ``In…App``, so a type checker knows ``self.app``.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import signal
from pathlib import Path

import pytest
from textual.app import App

import roomtui.ui
from roomtui.ui import typed_app
from roomtui.ui.roomtui_app import RoomtuiApp

UI = Path(roomtui.ui.__file__).parent


def ui_modules():
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(roomtui.ui.__path__, "roomtui.ui.")]


def ui_classes() -> list[type]:
    found = {}
    for module in ui_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def ui_files() -> list[Path]:
    return sorted(path for path in UI.rglob("*.py") if path != Path(typed_app.__file__))


def is_self_app(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "app"
            and isinstance(node.value, ast.Name) and node.value.id == "self")


def test_every_app_builds_on_the_base():
    apps = [cls for cls in ui_classes() if issubclass(cls, App) and cls is not RoomtuiApp]
    assert {cls.__name__ for cls in apps} >= {"FacilitatorApp", "ReviewApp", "ViewerApp",
                                              "UnlockApp"}
    assert [cls.__name__ for cls in apps if not issubclass(cls, RoomtuiApp)] == []


def other_ways_to_the_session(source: str) -> list[str]:
    """Each ``def session`` and each read of ``self.app.session`` or ``app.session``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "session":
            found.append(f"{line}: defines session")
        if (isinstance(node, ast.Attribute) and node.attr == "session"
                and (is_self_app(node.value)
                     or isinstance(node.value, ast.Name) and node.value.id == "app")):
            found.append(f"{line}: reads {ast.unparse(node)}")
    return found


def test_the_session_is_reached_one_way():
    """No ``def session`` but the typed one; no ``app.session`` read anywhere in ui/."""
    found = [f"{path.relative_to(UI)}:{finding}" for path in ui_files()
             for finding in other_ways_to_the_session(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_old_way_is_found():
    """The check above finds the six copies this replaced (one shown)."""
    old = ("class S:\n    @property\n    def session(self):\n        return self.app.session\n"
           "def editor(app):\n    return app.session\n")
    assert sorted(other_ways_to_the_session(old)) == [
        "3: defines session", "4: reads self.app.session", "6: reads app.session"]


def own_attributes(app: type) -> set[str]:
    """What an app class adds to ``RoomtuiApp``: its methods and class attributes, and
    whatever its methods assign to ``self``."""
    names = set(vars(app)) - set(vars(RoomtuiApp))
    for node in ast.walk(ast.parse(inspect.getsource(app))):
        if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name) and node.value.id == "self"):
            names.add(node.attr)
    return {name for name in names if not hasattr(RoomtuiApp, name)}


def test_a_class_that_needs_its_app_says_which():
    """``self.app.X``, for an X only some apps have, only in a class that mixes in one of
    those apps' ``In…App`` (the typed ``app``); ``self.session`` only in the facilitator's."""
    from roomtui.ui.app import FacilitatorApp
    from roomtui.ui.review import ReviewApp
    from roomtui.ui.viewer import ViewerApp

    belongs = {typed_app.InFacilitatorApp: FacilitatorApp, typed_app.InViewerApp: ViewerApp,
               typed_app.InReviewApp: ReviewApp}
    own = {part: own_attributes(app) for part, app in belongs.items()}
    assert "session" in own[typed_app.InFacilitatorApp]
    assert {"snapshot", "root"} <= own[typed_app.InViewerApp]  # the test sees what it must
    wrong = []
    for cls in ui_classes():
        if issubclass(cls, App) or cls.__module__ == typed_app.__name__:
            continue
        for node in ast.walk(ast.parse(inspect.getsource(cls))):
            if not isinstance(node, ast.Attribute):
                continue
            if is_self_app(node.value) and any(node.attr in names for names in own.values()):
                ok = [part for part, names in own.items()
                      if node.attr in names and issubclass(cls, part)]
                if not ok:
                    wrong.append(f"{cls.__qualname__} reads self.app.{node.attr}")
            if (node.attr == "session" and isinstance(node.value, ast.Name)
                    and node.value.id == "self"
                    and not issubclass(cls, typed_app.InFacilitatorApp)):
                wrong.append(f"{cls.__qualname__} reads self.session")
    assert sorted(set(wrong)) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
async def test_a_signal_ends_the_review_cleanly(data_dir, sig):
    """The review, like every app, ends on SIGTERM/SIGHUP through the base's handler
    (exit code 0), not by the signal's default (no terminal restored)."""
    from roomtui.ui.review import build_review_app

    app = build_review_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.end_on_signal(sig)
        await pilot.pause()
    assert app.ended_by_signal and app.return_code == 0
    app._log_handle.close()
