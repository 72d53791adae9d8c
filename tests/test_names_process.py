"""People, not strings, in the real app (tmux): ``a zoe`` twice queues Zoë, never "zoe"."""

from __future__ import annotations

import json
import subprocess

import pytest

from roomtui.formats.files import default_format
from roomtui.storage import GroupBook, locations
from tests.test_process_app import export_json, in_queue, speaking
from tests.tmux import DEADLINE, ROOMTUI, START_DEADLINE

pytestmark = [
    pytest.mark.process,
    pytest.mark.needs("tmux"),
]


def test_zoe_typed_twice_is_zoe_with_two_turns(tmux, data):  # noqa: F811
    GroupBook(locations.groups_file(locations.data_dir(data))).create(
        "Circle", format=default_format()["name"],
        roster=[{"name": n, "role": "member"} for n in ("Ana", "Zoë", "李雷")])
    app = tmux.start(str(ROOMTUI), "--data-dir", str(data), "--group", "Circle")
    app.wait_for(lambda s: "Queue" in s and "a Add" in s, timeout=START_DEADLINE,
                 why="the live screen")
    for turn in (1, 2):
        app.keys("a")
        app.wait_for("Add to queue:", why="the add prompt")
        app.type("zoe")
        app.keys("Enter")
        app.wait_for(in_queue(1, "Zoë"), why="Zoë (not zoe) in the queue")
        assert "New person" not in app.screen()
        app.keys("n")
        app.wait_for(lambda s: speaking("Zoë").search(s) and not in_queue(1, "Zoë").search(s),
                     why=f"Zoë's turn {turn}")
    exported = export_json(data)
    assert [t["name"] for t in exported["turns"]] == ["Zoë", "Zoë"]
    people = {p["name"]: p["turns"] for p in exported["people"]}
    assert people == {"Ana": 0, "Zoë": 2, "李雷": 0}
    group = GroupBook(locations.groups_file(data), readonly=True).all()[0]
    assert [p["name"] for p in group["roster"]] == ["Ana", "Zoë", "李雷"]  # no guest "zoe"
    hidden = subprocess.run(
        [str(ROOMTUI), "export", "latest", "--no-names", "--format", "json",
         "--data-dir", str(data)],
        capture_output=True, text=True, timeout=DEADLINE, stdin=subprocess.DEVNULL)
    assert hidden.returncode == 0, hidden.stderr
    text = json.dumps(json.loads(hidden.stdout), ensure_ascii=False)
    assert "Zo" not in text and "zo" not in text and "李雷" not in text
    assert [t["name"] for t in json.loads(hidden.stdout)["turns"]] == ["Member 2", "Member 2"]
