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

#: layer of each top-level module or package: imports point only to lower numbers
LAYERS = {
    "meeting": 0,  # the pure core: events in, state out
    "storage": 1,  # crash-safe files, locks
    "milestone_steps": 1.5, "keys_file": 1.5,  # calendar steps; reading keys.toml
    "index_rows": 1.5,  # the one shape of a meeting's index row
    "locations": 2, "formats": 2, "roster": 2, "export": 2, "projection": 2,
    "protect": 2.5,  # sealing note texts of a locked group
    "recovery": 2.5,  # mending damaged or missing files
    "cofacilitator": 2.5,  # what watch shows, from the room view
    "archive": 3, "inbox": 3, "follow": 3,  # reading and writing what is kept
    "raised": 3.5,  # answering raised hands and nudges
    "session": 4, "serve": 4,  # the single writer; the browser server
    "groups": 5, "report": 5, "serve_web": 5,  # serve_web: the HTTP front of serve
    "trends": 5.5,  # the review's trend figures, made from report
    "protect_cli": 5,  # roomtui protect, and asking for a passphrase
    "ui": 6,  # Textual
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
THIRD_PARTY = {"textual": UI, "rich": UI, "textual_serve": LAYERS["serve"],
               "aiohttp": LAYERS["serve"], "tinydb": LAYERS["storage"],
               "cryptography": LAYERS["storage"],
               "platformdirs": LAYERS["locations"], "tomli_w": LAYERS["formats"]}


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
    """The layer key of a roomtui module name: ``roomtui.meeting.text`` -> ``meeting``."""
    return name.split(".")[1] if name.count(".") else ""


def offending(root: Path = SRC) -> list[str]:
    core_may = "/".join(sorted(CORE_STDLIB))
    bad = []
    for path in sorted(root.rglob("*.py")):
        here = module_name(path, root)
        rel = path.relative_to(root)
        if here == "roomtui":
            continue
        key = top(here)
        if key not in LAYERS:
            bad.append(f"{rel} has no layer: add {key!r} to LAYERS in tests/test_layers.py")
            continue
        layer, seen = LAYERS[key], set()
        for name in sorted(imports_of(path, root)):
            first = name.split(".")[0]
            what = top(name) if first == "roomtui" else first
            if what in seen:  # one line per module imported, not per name
                continue
            if first == "roomtui":
                if what and what != key and what in LAYERS and LAYERS[what] >= layer:
                    bad.append(f"{rel} (layer {layer}) imports {name} (layer {LAYERS[what]})")
                    seen.add(what)
            elif key == "meeting":
                if name not in CORE_STDLIB and first not in CORE_STDLIB:
                    bad.append(f"{rel} imports {name}: the core may use only {core_may}")
                    seen.add(what)
            elif first in THIRD_PARTY and THIRD_PARTY[first] > layer:
                bad.append(f"{rel} (layer {layer}) imports {name}")
                seen.add(what)
    return bad


def test_every_module_imports_only_lower_layers():
    assert offending() == []


@pytest.mark.parametrize(("module", "source", "said"), [
    ("meeting/bad.py", "from textual.app import App\n", "meeting/bad.py imports textual.app"),
    ("meeting/bad.py", "import time\n", "meeting/bad.py imports time"),
    ("meeting/bad.py", "from .. import storage\n",
     "meeting/bad.py (layer 0) imports roomtui.storage (layer 1)"),
    ("storage/bad.py", "from ..session import Session\n",
     "storage/bad.py (layer 1) imports roomtui.session (layer 4)"),
    ("follow.py", "from roomtui.ui.app import build_app\n",
     "follow.py (layer 3) imports roomtui.ui.app (layer 6)"),
    ("export.py", "from rich.text import Text\n", "export.py (layer 2) imports rich.text"),
    ("newthing.py", "x = 1\n", "newthing.py has no layer"),
])
def test_the_check_catches_an_offender(tmp_path, module, source, said):
    """The rule itself can fail: each kind of wrong import is reported."""
    fake = tmp_path / "roomtui"
    (fake / "meeting").mkdir(parents=True)
    (fake / "storage").mkdir()
    target = fake / module
    target.write_text(source)
    found = offending(fake)
    assert len(found) == 1 and found[0].startswith(said), found


@pytest.mark.process
def test_modules_below_the_ui_load_neither_textual_nor_rich():
    """In a fresh interpreter: importing everything below the UI (and the command line,
    which imports its screens only when it opens one) pulls in no Textual or Rich.
    ``serve_web`` is textual-serve's front door, imported only by ``roomtui serve``."""
    modules = sorted(f"roomtui.{key}" for key in LAYERS
                     if key not in ("ui", "__main__", "serve_web")
                     and ((SRC / key).is_dir() or (SRC / f"{key}.py").exists()))
    code = (f"import sys\nimport {', '.join(modules)}\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'textual', 'rich', 'textual_serve'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", (modules, out.stdout)
    assert "roomtui.session" in modules and "roomtui.cli" in modules
