"""Switching group while another roomtui process holds that group's meeting: refused,
nothing changes; once that process is gone, the switch goes through."""

from __future__ import annotations

import subprocess
import sys

import pytest

from roomtui import groups
from roomtui.session import open_session
from tests.screen import screen_text

pytestmark = pytest.mark.process

HOLDER = """
import sys
from pathlib import Path
from roomtui.session import open_session
s = open_session(Path(sys.argv[1]), "Carers")
print("holding", flush=True)
sys.stdin.read()
s.close()
"""


async def test_switch_refused_while_another_process_holds_the_group(make_app, data_dir, clock):
    setup = open_session(data_dir, clock=clock)
    groups.create_group(setup, "Carers")
    setup.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        app = make_app(group="Starter group")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            await pilot.pause()
            text = screen_text(app)
            assert "Carers" in text and "meeting open" in text
            await pilot.press("home", "enter")
            await pilot.pause()
            assert "Carers's meeting is open in another roomtui" in screen_text(app)
            assert app.session.group["name"] == "Starter group"
            holder.stdin.close()
            holder.wait(timeout=10)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert app.session.group["name"] == "Carers" and app.session.resumed
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
