"""Locked notes (issue 18): the note key's latency with protection on against off.

``note_p95_ms_*``: Enter in the note bar to the note on screen (durable: the meeting
file and the index row, its notes sealed when on), through Pilot, at 2,000 events and
50 notes already written. ``note_save_p95_ms_*``: the same save without the screen
(``Session.attempt``). ``unlock_ms``: the passphrase to keys (scrypt), paid once per
process. ``note_sealing_ms_100_notes``: the sealing alone (median) with 100 notes.
``python -m tests.bench.run note_latency_protected``
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from tests.bench.core import _p95, _prefill

PASS = "bench passphrase"
NOTES = 50


async def _note_latency(protected: bool, rounds: int) -> tuple[list[float], list[float], float]:
    from roomtui.session import open_session
    from roomtui.storage import GroupBook, locations, protect
    from roomtui.ui.app import build_app

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        open_session(data, "Bench").close()
        keys, unlock = None, 0.0
        if protected:
            group = GroupBook(locations.groups_file(data)).find("Bench")
            protect.turn_on(data, group, PASS)
            started = time.perf_counter()
            keys = protect.unlock_group(GroupBook(locations.groups_file(data)).find("Bench"),
                                        PASS)
            unlock = time.perf_counter() - started
        app = build_app(data, group="Bench", keys=keys)
        _prefill(app, 2000)
        session = app.session
        for i in range(NOTES):
            session.attempt(lambda at, i=i: session.meeting.add_note(f"earlier note {i}", at))
        saves = []
        for i in range(rounds):
            started = time.perf_counter()
            session.attempt(lambda at, i=i: session.meeting.add_note(f"saved note {i}", at))
            saves.append(time.perf_counter() - started)
        keyed = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for i in range(rounds):
                await pilot.press("o")
                await pilot.pause()
                app.screen.query_one("#note-input").value = f"typed note {i}"
                count = len(session.state.notes)
                started = time.perf_counter()
                await pilot.press("enter")
                while len(session.state.notes) == count:
                    await pilot.pause()
                await pilot.pause()  # drawn
                keyed.append(time.perf_counter() - started)
    return keyed, saves, unlock


def _sealing_ms(notes: int = 100, runs: int = 200) -> float:
    """What protection adds to one note's save: its event and the index row's notes sealed."""
    import statistics

    from roomtui.storage import crypto, protect

    _lock, keys = crypto.new_lock(PASS)
    row = {"id": "x", "notes": [{"at": 0.0, "tag": "theme", "text": f"note {i} " * 8}
                                for i in range(notes)]}
    event = {"type": "note_added", "seq": 1, "at": 0.0, "text": "a note " * 8, "tag": "theme"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        protect.seal_event(event, keys)
        protect.seal_row(row, keys)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def note_latency_protected(rounds: int = 40) -> dict[str, float]:
    off = asyncio.run(_note_latency(False, rounds))
    on = asyncio.run(_note_latency(True, rounds))
    return {
        "note_sealing_ms_100_notes": _sealing_ms(),
        "note_p95_ms_off": _p95(off[0]) * 1000,
        "note_p95_ms_protected": _p95(on[0]) * 1000,
        "note_save_p95_ms_off": _p95(off[1]) * 1000,
        "note_save_p95_ms_protected": _p95(on[1]) * 1000,
        "note_protected_vs_off_ratio": _p95(on[0]) / _p95(off[0]),
        "unlock_ms": on[2] * 1000,
    }
