"""``monkey_crashes``: the monkey (tests/monkey.py) for 10 minutes over fresh seeds.

Runs of about 90 s each, a new seed every run, across the three terminal sizes. A
failing run is kept under .bench/monkey/ with its steps, for
``python -m tests.monkey --replay FILE``. ``ROOMTUI_MONKEY_SECONDS`` shortens the total.
"""

from __future__ import annotations

import os
import random
import time

from tests import monkey

TOTAL = 600.0
RUN = 90.0


def monkey_crashes() -> dict:
    total = float(os.environ.get("ROOMTUI_MONKEY_SECONDS", TOTAL))
    began = time.monotonic()
    crashes = tracebacks = problems = runs = keys = 0
    kept = []
    while time.monotonic() - began < total - 10:
        left = total - (time.monotonic() - began)
        seed = random.randrange(1_000_000)
        result = monkey.run(seed, seconds=min(RUN, max(10.0, left - 15)))
        runs += 1
        keys += result.keys_sent
        crashes += len(result.crashes)  # exits other than 0 and 3, and hangs
        tracebacks += result.tracebacks
        problems += len(result.problems)
        if result.failed:
            print(result.summary(), flush=True)
            kept.append(str(result.kept))
    return {"monkey_crashes": crashes, "monkey_tracebacks": tracebacks,
            "monkey_problems": problems, "monkey_runs": runs,
            "monkey_keys": keys, "monkey_kept": ", ".join(kept) or "none"}
