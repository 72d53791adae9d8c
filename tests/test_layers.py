"""Lower layers never import upper ones: the core and storage know nothing of Textual.

Every module of ``src/roomtui`` has a layer (``LAYERS``); a module may import only modules
of a lower layer, or of its own package. The pure core (``meeting/``) may import only the
standard-library modules in ``CORE_STDLIB``: no files, no clock, no Textual. Relative
imports count like absolute ones. And importing every module below the UI (in a fresh
interpreter) loads neither Textual nor Rich.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "roomtui"

#: layer of each package or module: imports point only to lower numbers. A dotted key
#: (``storage.recovery``) layers one module inside its package; the package's own key
#: covers the rest of it.
LAYERS = {
    "meeting": 0,  # the pure core: events in, state out
    "storage": 1,  # crash-safe files, locks, sealing
    "storage.index_rows": 1.1,  # the one shape of a meeting's index row
    "storage.locations": 1.2,  # where data lives; private folders and logs
    "storage.protect": 1.3,  # sealing note texts of a locked group
    "storage.recovery": 1.3,  # mending damaged or missing files
    "roster": 2, "formats": 2,  # a group's people; its meeting formats
    "views": 3,  # what other processes see of a running meeting
    "views.room_view": 2.5, "views.cofacilitator": 2.6,  # drawn from the state alone
    "views.raised": 3.2,  # answering raised hands and nudges (inbox)
    "views.serve_web": 3.3,  # the HTTP front of serve
    "records": 3,  # past meetings
    "records.export": 2.5,  # one meeting, from its events alone
    "records.report": 3.2, "records.trends": 3.4,  # counts; the figures drawn from them
    "session": 4,  # the single writer
    "groups": 5, "protect_cli": 5,  # groups and their rosters; roomtui protect
    "ui": 6,  # Textual
    "ui.keys_file": 5.5,  # reading keys.toml (no Textual)
    "cli": 7, "__main__": 8,  # the command line starts everything
}
UI = LAYERS["ui"]

#: what the pure core may import besides itself: pure standard library only
CORE_STDLIB = {
    "__future__", "bisect", "collections", "collections.abc", "dataclasses", "difflib",
    "enum", "functools", "heapq", "itertools", "math", "operator", "re", "statistics",
    "string", "typing", "unicodedata",
}

#: third-party packages only some layers may use
THIRD_PARTY = {"textual": UI, "rich": UI, "textual_serve": LAYERS["views"],
               "aiohttp": LAYERS["views"], "tinydb": LAYERS["storage"],
               "cryptography": LAYERS["storage"],
               "platformdirs": LAYERS["storage.locations"], "tomli_w": LAYERS["formats"]}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under ``if TYPE_CHECKING:`` (names for annotations only,
    never imported when the program runs)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports_of(path: Path, root: Path = SRC) -> set[str]:
    """Every module ``path`` imports, relative imports resolved, ``from a import b`` as
    both ``a`` and ``a.b`` (b may be a module)."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def top(name: str) -> str:
    """The top-level room of a roomtui module name: ``roomtui.meeting.text`` -> ``meeting``."""
    return name.split(".")[1] if name.count(".") else ""


def key_of(name: str) -> str:
    """The layer key of a roomtui module name: the longest ``LAYERS`` key it is in
    (``roomtui.storage.recovery`` -> ``storage.recovery``, ``roomtui.storage.lock`` ->
    ``storage``); its top-level room when none is."""
    parts = name.split(".")[1:]
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return ".".join(parts[:end])
    return top(name)


def offending(root: Path = SRC) -> list[str]:
    core_may = "/".join(sorted(CORE_STDLIB))
    bad = []
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        rel = path.relative_to(root)
        if here == "roomtui":
            continue
        key = key_of(here)
        if key not in LAYERS:
            bad.append(f"{rel} has no layer: add {key!r} to LAYERS in tests/test_layers.py")
            continue
        layer, seen = LAYERS[key], set()
        for name in sorted(imports_of(path, root)):
            first = name.split(".")[0]
            what = key_of(name) if first == "roomtui" else first
            if what in seen:  # one line per module imported, not per name
                continue
            if first == "roomtui":
                if what and what != key and what in LAYERS and LAYERS[what] >= layer:
                    bad.append(f"{rel} (layer {layer}) imports {name} (layer {LAYERS[what]})")
                    seen.add(what)
            elif top(here) == "meeting":
                if name not in CORE_STDLIB and first not in CORE_STDLIB:
                    bad.append(f"{rel} imports {name}: the core may use only {core_may}")
                    seen.add(what)
            elif first in THIRD_PARTY and THIRD_PARTY[first] > layer:
                bad.append(f"{rel} (layer {layer}) imports {name}")
                seen.add(what)
    return bad


def test_every_module_imports_only_lower_layers():
    assert offending() == []


def room_arrows(root: Path = SRC) -> dict[str, set[str]]:
    """Which top-level rooms (packages and modules) each room imports."""
    arrows: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        here = top(module_name(path, root))
        for name in imports_of(path, root):
            there = top(name) if name.startswith("roomtui.") else ""
            if here and there and there != here:
                arrows.setdefault(here, set()).add(there)
    return arrows


def test_the_top_level_rooms_point_one_way():
    """Packages as wholes form no cycle (views never needs session, records never
    needs views...), and the top level stays a short list of rooms."""
    arrows = room_arrows()
    done: set[str] = set()

    def walk(room: str, path: tuple[str, ...]) -> None:
        assert room not in path, " -> ".join((*path, room))
        if room not in done:
            for there in arrows.get(room, ()):
                walk(there, (*path, room))
            done.add(room)

    for room in list(arrows):
        walk(room, ())
    rooms = {top(module_name(p, SRC)) for p in SRC.rglob("*.py")} - {""}
    assert len(rooms) <= 12, sorted(rooms)


@pytest.mark.parametrize(("module", "source", "said"), [
    ("meeting/bad.py", "from textual.app import App\n", "meeting/bad.py imports textual.app"),
    ("meeting/bad.py", "import time\n", "meeting/bad.py imports time"),
    ("meeting/bad.py", "from .. import storage\n",
     "meeting/bad.py (layer 0) imports roomtui.storage (layer 1)"),
    ("storage/bad.py", "from ..session import Session\n",
     "storage/bad.py (layer 1) imports roomtui.session (layer 4)"),
    ("views/follow.py", "from roomtui.ui.app import build_app\n",
     "views/follow.py (layer 3) imports roomtui.ui.app (layer 6)"),
    ("records/export.py", "from rich.text import Text\n",
     "records/export.py (layer 2.5) imports rich.text"),
    ("storage/locations.py", "from roomtui.storage import recovery\n",
     "storage/locations.py (layer 1.2) imports roomtui.storage.recovery (layer 1.3)"),
    ("newthing.py", "x = 1\n", "newthing.py has no layer"),
])
def test_the_check_catches_an_offender(tmp_path, module, source, said):
    """The rule itself can fail: each kind of wrong import is reported."""
    fake = tmp_path / "roomtui"
    (fake / "meeting").mkdir(parents=True)
    (fake / "storage").mkdir()
    target = fake / module
    target.parent.mkdir(exist_ok=True)
    target.write_text(source)
    found = offending(fake)
    assert len(found) == 1 and found[0].startswith(said), found


@pytest.mark.process
def test_modules_below_the_ui_load_neither_textual_nor_rich():
    """In a fresh interpreter: importing everything below the UI (and the command line,
    which imports its screens only when it opens one) pulls in no Textual or Rich.
    ``views.serve_web`` is textual-serve's front door, imported only by ``roomtui serve``."""
    modules = sorted(name for name in map(lambda p: module_name(p, SRC), SRC.rglob("*.py"))
                     if top(name) not in ("ui", "__main__") and name != "roomtui"
                     and name != "roomtui.views.serve_web")
    code = (f"import sys\nimport {', '.join(modules)}\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'textual', 'rich', 'textual_serve'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", (modules, out.stdout)
    assert "roomtui.session" in modules and "roomtui.cli" in modules
