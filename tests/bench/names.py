"""The person matcher's cost where a facilitator would feel it: the notes' initials hint
runs on every keystroke, and ``--no-names`` on every note of an export."""

from __future__ import annotations

import time

from roomtui.meeting import names
from tests.test_names_props import POOL

NOTE = ("jose said 李雷说谢谢大家 and Zoe's idea about sleep, Priya和李雷聊了; " * 5)[:300]


def names_matching() -> dict:
    roster = POOL  # 34 names in many scripts
    rounds = 200
    started = time.perf_counter()
    for i in range(rounds):
        names.names_in(f"{NOTE}{i}", roster)  # a new text each time: nothing cached
    hint = (time.perf_counter() - started) / rounds * 1000
    mapping = {r: f"Member {i + 1}" for i, r in enumerate(roster)}
    started = time.perf_counter()
    for i in range(rounds):
        names.replace(f"{NOTE}{i}", mapping)
    export = (time.perf_counter() - started) * 1000
    return {"names_hint_ms_per_key": hint, "names_no_names_ms_200_notes": export}
