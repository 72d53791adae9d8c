"""Lower layers never import upper ones: the core and storage know nothing of Textual."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "roomtui"

FORBIDDEN = {
    "meeting": ("textual", "rich", "tinydb", "roomtui.storage", "roomtui.ui", "roomtui.session",
                "roomtui.cli", "roomtui.locations", "roomtui.formats", "os", "pathlib", "time"),
    "storage": ("textual", "rich", "roomtui.ui", "roomtui.session", "roomtui.cli"),
    "formats": ("textual", "rich", "roomtui.ui", "roomtui.session", "roomtui.cli"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offending(package: str) -> list[str]:
    bad = []
    for path in sorted((SRC / package).rglob("*.py")):
        for name in imports_of(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    bad.append(f"{path.relative_to(SRC)} imports {name}")
    return bad


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports(package):
    assert offending(package) == []


def test_the_check_catches_an_offender(tmp_path, monkeypatch):
    """The rule itself can fail: a core module importing textual is reported."""
    fake = tmp_path / "roomtui"
    (fake / "meeting").mkdir(parents=True)
    (fake / "meeting" / "bad.py").write_text("from textual.app import App\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    assert offending("meeting") == ["meeting/bad.py imports textual.app"]
