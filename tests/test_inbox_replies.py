"""The inbox's way back: answers to raised hands and nudges, read as hostile files."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.views import inbox
from roomtui.views.inbox import ACCEPTED, DECLINED, GONE, WAITING, Reply

GID = "g1"


def test_a_hand_waits_then_its_answer_is_read_and_tidied(data_dir):
    hand = inbox.raise_hand(data_dir, GID, "Ana", meeting="m1")
    assert inbox.status(data_dir, GID, hand.key) == Reply(WAITING)
    assert [h.meeting for h in inbox.pending(data_dir, GID)] == ["m1"]
    inbox.answer(data_dir, GID, hand, Reply(ACCEPTED, "number 2 in the queue"))
    assert inbox.pending(data_dir, GID) == []  # an answer is never taken for a hand
    assert inbox.status(data_dir, GID, hand.key) == Reply(ACCEPTED, "number 2 in the queue")
    inbox.withdraw(data_dir, GID, hand.key)
    assert inbox.status(data_dir, GID, hand.key) == Reply(GONE)
    assert list(inbox.folder(data_dir, GID).iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=6000))
def test_any_answer_file_reads_as_an_answer_or_gone(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("inbox")
    hand = inbox.raise_hand(root, GID, "Ana")
    inbox.discard(root, GID, hand.key)
    (inbox.folder(root, GID) / inbox.reply_key(hand.key)).write_bytes(raw)
    reply = inbox.status(root, GID, hand.key)
    assert reply.answer in (*inbox.ANSWERS, GONE)
    assert "\x1b" not in reply.why and len(reply.why) <= 200


def test_a_hostile_answer_is_cleaned(data_dir):
    hand = inbox.raise_hand(data_dir, GID, "Ana")
    path = inbox.folder(data_dir, GID) / inbox.reply_key(hand.key)
    path.write_text('{"answer": "declined", "why": "\\u001b[31mred [b]x[/b]"}')
    assert inbox.status(data_dir, GID, hand.key) == Reply(DECLINED, "red [b]x[/b]")
    path.unlink()
    os.symlink("/etc/passwd", path)
    assert inbox.status(data_dir, GID, hand.key) == Reply(GONE)  # never follows a link


def test_nudges_are_a_fixed_set_and_junk_is_removed(data_dir):
    nudge = inbox.send_nudge(data_dir, GID, "time-check", meeting="m1")
    assert nudge.words == "time check"
    box = inbox.folder(data_dir, GID)
    (box / f"{1:020d}-abcdef{inbox.NUDGE_SUFFIX}").write_text('{"kind": "rm -rf /"}')
    (box / f"{2:020d}-abcdef{inbox.NUDGE_SUFFIX}").write_bytes(b"\xff" * 9000)
    assert inbox.nudges(data_dir, GID) == [nudge]
    assert sorted(p.name for p in box.iterdir()) == [nudge.key]
    assert inbox.pending(data_dir, GID) == []  # a nudge is not a hand
    try:
        inbox.send_nudge(data_dir, GID, "say anything")
    except ValueError:
        pass
    else:
        raise AssertionError("a nudge outside the fixed set was sent")
