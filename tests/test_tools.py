"""A missing tool skips on a laptop but fails under CI, with one line saying how to install it;
and a test that starts a process without the ``process`` mark fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
NEEDS_TMUX = '''
import pytest

@pytest.mark.needs("tmux")
def test_uses_tmux():
    pass
'''
UNMARKED_SPAWN = '''
import subprocess

def test_spawns():
    subprocess.run(["true"])
'''


def run_pytest(tmp_path: Path, source: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``source`` as a test file under our conftest, in a pytest of its own."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text('pytest_plugins = ["tests.conftest"]\n')
    (suite / "test_it.py").write_text(source)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("CI", "ROOMTUI_REQUIRE_TOOLS", "PYTEST_XDIST_WORKER")}
    environ.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         "--rootdir", str(suite), str(suite)],
        cwd=suite, env=environ, capture_output=True, text=True, timeout=120)


def no_tmux_path(tmp_path: Path) -> str:
    """A PATH with python but no tmux."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    return str(bin_dir)


def test_a_missing_tool_is_a_skip_with_the_reason_locally(tmp_path):
    out = run_pytest(tmp_path, NEEDS_TMUX, PATH=no_tmux_path(tmp_path))
    assert out.returncode == 0, out.stdout
    assert "1 skipped" in out.stdout
    assert "needs tmux (not on PATH): apt-get install tmux" in out.stdout


@pytest.mark.parametrize("env", [{"CI": "true"}, {"ROOMTUI_REQUIRE_TOOLS": "1"}])
def test_a_missing_tool_fails_under_ci(tmp_path, env):
    out = run_pytest(tmp_path, NEEDS_TMUX, PATH=no_tmux_path(tmp_path), **env)
    assert out.returncode == 1, out.stdout
    assert "needs tmux (not on PATH): apt-get install tmux" in out.stdout
    assert "skipped" not in out.stdout


def test_a_process_without_the_process_mark_fails(tmp_path):
    out = run_pytest(tmp_path, UNMARKED_SPAWN)
    assert out.returncode == 1, out.stdout
    assert "mark it @pytest.mark.process" in out.stdout
