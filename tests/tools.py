"""Tools the real-process and browser tests need: a skip on a laptop, a failure in CI.

Under CI (``CI`` set) or with ``ROOMTUI_REQUIRE_TOOLS=1`` a missing tool fails the test
with one line naming the tool and how to install it, so a green run has really driven
tmux, chromium and the tmpfs mounts. Elsewhere the test is skipped with the same line,
and ``make test`` ends by listing every skip and its reason.
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType
from typing import NoReturn

import pytest

HOW = {
    "tmux": "apt-get install tmux (.ci/run does)",
    "chromium": "apt-get install chromium (.ci/run does)",
    "root": "run the tests as root, as CI does (they mount a tiny tmpfs)",
    "playwright": "pip install -e '.[test]' (make test does)",
}


def required() -> bool:
    """True when a missing tool must fail the run rather than skip."""
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or os.environ.get("ROOMTUI_REQUIRE_TOOLS") == "1"


def missing(name: str, detail: str = "") -> NoReturn:
    """Skip, or under CI fail, saying which tool is missing and how to get it."""
    line = f"needs {name}{f' ({detail})' if detail else ''}: {HOW[name]}"
    if required():
        pytest.fail(f"{line} [a missing tool fails under CI / ROOMTUI_REQUIRE_TOOLS=1]",
                    pytrace=False)
    pytest.skip(line)


def require_tool(name: str) -> str:
    """The path of the program ``name`` (or "root": root rights), else a skip / CI failure."""
    if name == "root":
        if os.geteuid() != 0:
            missing("root", "running as an ordinary user")
        return "/"
    path = shutil.which(name)
    if path is None:
        missing(name, "not on PATH")
    return path


def require_module(name: str, tool: str) -> ModuleType:
    """Import ``name`` (part of ``tool``), or a skip / CI failure naming the tool."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing(tool, str(error))
