"""Building meetings in tests without files or clocks."""

from __future__ import annotations

import json

from roomtui.meeting import Meeting, Refused

ROSTER = ["Ana", "Ben", "Cara", "Dev"]

FORMAT = {
    "name": "Test format",
    "share_seconds": 180,
    "wrap_up_seconds": 60,
    "phases": [
        {"name": "Opening", "planned_seconds": 300, "crosstalk": False},
        {"name": "Check-in", "planned_seconds": 600, "round": True, "share_seconds": 60,
         "crosstalk": False},
        {"name": "Sharing", "planned_seconds": 1800, "share_seconds": 180, "crosstalk": True},
    ],
}


class Live:
    """A meeting driven like the app drives it: decide, then apply."""

    def __init__(self, roster=ROSTER, fmt=FORMAT, settings=None, at: float = 1000.0):
        self.m = Meeting()
        self.at = at
        self.m.apply(self.m.start("m1", "Group", fmt, list(roster), at, settings=settings))

    @property
    def state(self):
        return self.m.state

    def tick(self, seconds: float) -> None:
        self.at += seconds

    def do(self, method: str, *args, **kwargs) -> dict:
        ev = getattr(self.m, method)(*args, at=self.at, **kwargs)
        self.m.apply(ev)
        return ev

    def attempt(self, method: str, *args, **kwargs) -> dict | None:
        """``do``, but a refusal gives None and changes nothing (as the app shows it)."""
        try:
            ev = getattr(self.m, method)(*args, at=self.at, **kwargs)
        except Refused:
            return None
        self.m.apply(ev)
        return ev

    def names(self) -> list[str]:
        return [e.name for e in self.state.queue]


def in_sharing(**kwargs) -> Live:
    """A meeting (``Live(**kwargs)``) moved on to "Sharing": 3-minute shares, crosstalk on."""
    live = Live(**kwargs)
    live.do("next_phase")
    live.do("next_phase")
    return live


def speaking(name: str, **kwargs) -> Live:
    """In "Sharing" (``in_sharing``), ``name`` queued and speaking from now."""
    live = in_sharing(**kwargs)
    live.do("queue", name)
    live.do("next")
    return live


def play(live: Live, script, act):
    """Step through a generated script of ``(action, pause)``: move the clock by the pause,
    then ``act(live, action)``; yields what each step recorded (None where refused)."""
    for action, pause in script:
        live.tick(pause)
        yield act(live, action)


def played(live: Live, script, act) -> Live:
    """``live`` once the whole script has been played (see ``play``)."""
    for _ in play(live, script, act):
        pass
    return live


def assert_replays(live: Live) -> None:
    """The events as the disk gives them back (JSON) replay to the live state."""
    stored = json.loads(json.dumps(live.m.events))
    assert Meeting(stored).state == live.state
    assert live.m.replay() == live.state
