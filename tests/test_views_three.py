"""Three real terminals, as on a meeting night: the facilitator's app, ``watch`` and
``room``, each its own process in its own tmux pane."""

from __future__ import annotations

import pytest

from roomtui.session import open_session
from roomtui.storage import GroupBook, locations
from roomtui.views import inbox
from tests.views_tmux import roomtui, views_tmux  # noqa: F401  (the tmux fixture)

pytestmark = pytest.mark.process

GROUP = "Tuesday circle"
WAIT = 30.0  # a loaded machine starts three Python processes slowly


def three(tmux) -> None:
    """The facilitator's app, watch and room, each showing the meeting."""
    tmux.start("fac", roomtui("--group", GROUP))
    tmux.wait_for("fac", "Press a to add someone", WAIT)
    tmux.start("watch", roomtui("watch", "--group", GROUP))
    tmux.start("room", roomtui("room", "--group", GROUP))
    tmux.wait_for("watch", "Nobody waiting", WAIT)
    tmux.wait_for("room", "Welcome", WAIT)


def raise_hand(tmux, name: str) -> None:
    """``h`` and the name in watch; wait until watch says it waits and the facilitator's
    app lists it."""
    tmux.keys("watch", "h")
    tmux.wait_for("watch", "Raised hand, name:")
    tmux.type("watch", name)
    tmux.keys("watch", "Enter")
    tmux.wait_for("watch", f"{name}: waiting for the facilitator")
    tmux.wait_for("fac", f"Raised hands: {name}", WAIT)


def test_a_hand_sent_declined_then_accepted(tmux, data_dir):
    three(tmux)
    raise_hand(tmux, "Femi")
    tmux.keys("fac", "j")
    tmux.wait_for("fac", "Declined Femi's raised hand (watch is told).")
    tmux.wait_for("watch", "Femi: ✗ declined: the facilitator declined it")
    raise_hand(tmux, "Femi")
    tmux.keys("fac", "h")
    tmux.wait_for("fac", "Raised hand: Femi is number 1 in the queue.")
    tmux.wait_for("watch", "Femi: ✓ accepted, number 1 in the queue")
    tmux.wait_for("watch", " 1  Femi")
    assert "Femi" not in tmux.screen("room")  # the room never sees the queue
    gid = GroupBook(locations.groups_file(data_dir), readonly=True).find(GROUP)["id"]
    assert list(inbox.folder(data_dir, gid).iterdir()) == []


def test_a_hand_raised_then_the_meeting_ended(tmux, data_dir):
    three(tmux)
    raise_hand(tmux, "Dev")
    tmux.keys("fac", "e")
    tmux.wait_for("fac", "End this meeting for good?")
    tmux.keys("fac", "y")
    tmux.wait_for("watch", "Dev: dropped: the meeting it was raised in has ended", WAIT)
    tmux.wait_for("room", "The meeting has ended", WAIT)
    # The next meeting does not greet anyone with last week's hand.
    tmux.start("fac2", roomtui("--group", GROUP))
    tmux.wait_for("fac2", "Press a to add someone", WAIT)
    assert "Raised hands" not in tmux.screen("fac2")


def test_the_pacer_moves_on_room_during_breathing(tmux):
    three(tmux)
    tmux.keys("fac", "m")
    tmux.wait_for("fac", "Quiet mode: choose a prompt")
    tmux.keys("fac", "Home", "Down", "Enter")  # the shipped list: silence, then box breathing
    tmux.wait_for("room", "Box breathing", WAIT)
    tmux.wait_for("room", "Breathe in…", WAIT)
    tmux.wait_for("room", "Hold…", WAIT)  # it moves: four seconds later, the hold
    tmux.wait_for("fac", "Hold…", WAIT)  # and the facilitator's screen says the same
    tmux.wait_for("watch", "The room sees: Box breathing", WAIT)
    assert "Names are hidden" in tmux.screen("watch")


def test_the_celebration_with_names_hidden(tmux, data_dir):
    session = open_session(data_dir, GROUP)
    gid = session.group["id"]
    session.close()
    GroupBook(locations.groups_file(data_dir)).update(gid, settings={"room_hide_names": True})
    three(tmux)
    tmux.keys("fac", "C")
    tmux.wait_for("fac", "Card words:", WAIT)
    tmux.type("fac", "Celebrating 1 year, Ana")
    tmux.keys("fac", "Enter")
    tmux.wait_for("room", "Celebrating a milestone", WAIT)
    assert "Ana" not in tmux.screen("room") and "1 year" not in tmux.screen("room")
    tmux.wait_for("watch", "Celebration card: “Celebrating a milestone”", WAIT)
