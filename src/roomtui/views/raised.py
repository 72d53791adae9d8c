"""Raised hands and nudges from ``roomtui watch``, as the meeting's writer handles them.

``Session.raised_hands`` / ``accept_hand`` / ``decline_hand`` / ``take_nudges`` come
here: read the group's inbox (``roomtui.views.inbox``), drop what does not belong to the open
meeting, queue an accepted hand through ``Session.attempt`` like any key, and leave every
hand's answer for the watch that raised it. No Textual here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roomtui.meeting import Refused
from roomtui.meeting import names as matcher
from roomtui.meeting.nudges import nudged
from roomtui.views import inbox
from roomtui.views.inbox import ACCEPTED, DECLINED, DROPPED, Hand, Reply

if TYPE_CHECKING:
    from roomtui.session import Session

ENDED_WHY = "the meeting it was raised in has ended"


def waiting(session: Session) -> tuple[list[Hand], str]:
    """Hands waiting for this meeting, oldest first, and a sentence about any dropped."""
    root, gid, state = session.root, session.group["id"], session.state
    try:
        found = inbox.pending(root, gid)
    except OSError as err:
        return [], f"Cannot read raised hands ({err.strerror or err})."
    hands: list[Hand] = []
    notice = ""
    for item in found:
        if isinstance(item, inbox.Rejected):
            inbox.discard(root, gid, item.key)
            notice = f"Ignored a raised hand that could not be read ({item.reason})."
        elif item.meeting != state.id or not state.is_open:
            inbox.answer(root, gid, item, Reply(DROPPED, ENDED_WHY))
            notice = f"Dropped {item.name}'s raised hand: {ENDED_WHY}."
        else:
            hands.append(item)
    return hands, notice


def accept(session: Session, hand: Hand) -> tuple[bool, str]:
    """Queue the hand's person (one undoable step, like ``a``): whether the hand was
    answered, and a sentence saying how it went.

    A hand the meeting refuses ("already in this round") is declined with that reason;
    one that could not be saved stays waiting.
    """
    root, gid, meeting = session.root, session.group["id"], session.meeting
    known = session.roster()
    name = matcher.resolve(hand.name, known)  # "pri" is Priya when only she fits
    if name is None and (could := matcher.matches(hand.name, known)):
        choices = " or ".join(could[:3])  # "Pri" with Priya and Prince: the facilitator picks
        inbox.answer(root, gid, hand, Reply(DECLINED, f"{choices}? the facilitator adds them"))
        return True, f"Raised hand for {hand.name}: {choices}? Add them with a."
    name = name or hand.name
    try:
        meeting.queue(name, session.now())
    except Refused as refusal:
        inbox.answer(root, gid, hand, Reply(DECLINED, str(refusal)))
        return True, f"Raised hand for {hand.name} declined: {refusal}"
    changed, problem = session.attempt(lambda at: meeting.queue(name, at))
    if not changed:
        return False, problem
    state = session.state
    entry = state.waiting(name)
    shown = entry.name if entry is not None else name
    where = (f"number {state.queue.index(entry) + 1} in the queue" if entry is not None
             else "joins the round")
    inbox.answer(root, gid, hand, Reply(ACCEPTED, where))
    said = f"is {where}" if entry is not None else where
    return True, f"Raised hand: {shown} {said}." + (f" {problem}" if problem else "")


def decline(session: Session, hand: Hand) -> tuple[bool, str]:
    inbox.answer(session.root, session.group["id"], hand,
                 Reply(DECLINED, "the facilitator declined it"))
    return True, f"Declined {hand.name}'s raised hand (watch is told)."


def take_nudges(session: Session) -> list[str]:
    """The words of each nudge for this meeting, each logged as a nudge with no text."""
    root, gid, state = session.root, session.group["id"], session.state
    try:
        found = inbox.nudges(root, gid)
    except OSError:
        return []
    words = []
    for nudge in found:
        inbox.discard(root, gid, nudge.key)
        if nudge.meeting != state.id or not state.is_open:
            continue  # for a meeting that has ended: nobody to nudge
        session.attempt(lambda at: nudged(session.meeting, at))
        words.append(nudge.words)
    return words
