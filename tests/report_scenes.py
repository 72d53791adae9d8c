"""Meetings of one group written through the real session, whose report figures are known.

Day 0 is Wednesday 2026-11-18 (UTC). Every name and note text below carries a marker
(``Zq…``) that no report may ever contain.
"""

from __future__ import annotations

from roomtui.session import open_session

DAY = 86_400
MIDNIGHT = 1_794_960_000.0  # 2026-11-18 00:00:00 UTC, a Wednesday
GROUP = "Tuesday circle"
ANA, BEN, CARA, DEV, ELI = ("ZqAna [bold]x[/]", "ZqBen", "ZqCara 🙂", "ZqDev \u202eved",
                            "ZqEli *star*")
NOTES = ("Zqnote sleep and work", "Zqnote call back | pipe", "Zqnote =SUM(A1)")


def at(day: int, hour: float) -> float:
    return MIDNIGHT + day * DAY + hour * 3600


class Script:
    """One meeting, acted through ``Session.record`` at the clock's time."""

    def __init__(self, root, clock, when: float, new: bool = True) -> None:
        clock.now = when
        self.clock = clock
        self.session = open_session(root, GROUP, new=new, clock=clock)
        self.m = self.session.meeting

    def __call__(self, method: str, *args, minutes: float = 0, **kwargs) -> None:
        self.session.record(getattr(self.m, method)(*args, at=self.clock(), **kwargs))
        self.clock.advance(minutes * 60)

    def close(self, end: bool = True) -> None:
        if end:
            self("end")
        self.session.close()


def four_meetings(root, clock) -> None:
    """Three held meetings and one that never got going; a fifth is left open.

    1. day 0 (Wed) 18:00, 60 min: Ana, Ben, Cara here (the group's first: nobody new);
       a round: Ana shares, Ben passes, Cara shares; one theme note.
    2. day 7 (Wed) 18:00, 90 min: Ana, Ben, Dev here, Eli late, Ben leaves early. New: Dev
       and Eli. Sharing: Dev shares, Ana responds directly. A care pause, a quiet moment,
       a follow-up note and a resource note.
    3. day 27 (Tue) 23:30, 75 min, so it ends on day 28: Ana and Dev. Dev came back
       within four weeks of their first meeting; Eli did not.
    4. day 30 (Fri): opened and ended with nothing done: not held.
    5. day 40 (Mon): Ana shares; still open.
    """
    s = Script(root, clock, at(0, 18))
    s("take_attendance", [ANA, BEN, CARA], [])
    s("next_phase", minutes=5)
    s("next_phase", minutes=5)
    s("start_round", minutes=2)  # Ana
    s("next", minutes=1)  # Ben
    s("pass_turn", minutes=2)  # Cara
    s("next", minutes=1)  # round over
    s("add_note", NOTES[0], tag="theme", minutes=44)
    s.close()

    s = Script(root, clock, at(7, 18))
    s("take_attendance", [ANA, BEN, DEV], [ANA, BEN, CARA])
    s("next_phase")
    s("next_phase")
    s("next_phase", minutes=10)  # Sharing (crosstalk allowed)
    s("arrive", ELI, [ANA, BEN, CARA, DEV], minutes=5)
    s("queue", DEV)
    s("next", minutes=3)  # Dev shares
    s("queue", ANA, direct=True)
    s("next", minutes=2)  # Ana responds directly
    s("next")
    s("start_care_pause", minutes=3)
    s("end_care_pause")
    s("start_quiet", {"id": "moment-of-silence", "kind": "moment-of-silence",
                      "text": "Silence"}, minutes=1)
    s("end_quiet")
    s("leave", BEN)
    s("add_note", NOTES[1], tag="follow-up")
    s("add_note", NOTES[2], tag="resource", minutes=66)
    s.close()

    s = Script(root, clock, at(27, 23.5))
    s("take_attendance", [ANA, DEV], [ANA, BEN, CARA, DEV, ELI])
    s("queue", DEV, minutes=75)
    s.close()

    s = Script(root, clock, at(30, 18))
    s.close()

    s = Script(root, clock, at(40, 18))
    s("queue", ANA)
    s("next", minutes=4)
    s.close(end=False)


#: The rows a report of every meeting gives (the open and the empty one are not rows).
EXPECTED = [
    {"date": "2026-11-18", "weekday": "Wed", "minutes": 60, "attended": 3, "late": 0,
     "left_early": 0, "newcomers": 0, "returning": 3, "newcomers_back_4w": 0, "shares": 2,
     "passes": 1, "direct": 0, "rounds": 1, "care_pauses": 0, "quiet_moments": 0,
     "notes_theme": 1, "notes_follow_up": 0, "notes_resource": 0},
    {"date": "2026-11-25", "weekday": "Wed", "minutes": 90, "attended": 4, "late": 1,
     "left_early": 1, "newcomers": 2, "returning": 2, "newcomers_back_4w": 1, "shares": 1,
     "passes": 0, "direct": 1, "rounds": 0, "care_pauses": 1, "quiet_moments": 1,
     "notes_theme": 0, "notes_follow_up": 1, "notes_resource": 1},
    {"date": "2026-12-15", "weekday": "Tue", "minutes": 75, "attended": 2, "late": 0,
     "left_early": 0, "newcomers": 0, "returning": 2, "newcomers_back_4w": 0, "shares": 0,
     "passes": 0, "direct": 0, "rounds": 0, "care_pauses": 0, "quiet_moments": 0,
     "notes_theme": 0, "notes_follow_up": 0, "notes_resource": 0},
]
SECRETS = ("Zq",)
