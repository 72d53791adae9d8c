"""Raised hands noted from ``roomtui watch``, on one line (never the browser view's PIN).

Looks at the group's inbox (see ``roomtui.views.inbox``) once a second: a ``stat`` of the
inbox folder, and a full read only when it changed (or every ``FULL_EVERY`` looks). The
bar never reads or removes inbox files itself: ``source`` (the session's
``raised_hands``) does, and the screen answers hands through the session (``h`` accepts,
``j`` declines). When the group's ``auto_accept_hands`` setting is on, the bar asks the
screen to accept them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from roomtui.meeting.text import shorten
from roomtui.views import inbox

#: Group setting: queue raised hands from watch without waiting for ``h``.
AUTO_ACCEPT = "auto_accept_hands"
POLL_SECONDS = 1.0
FULL_EVERY = 3


def _mark(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


class HandsBar(Static):
    """Shows pending hands; hidden while there are none."""

    @dataclass
    class Arrived(Message):
        """New hands are waiting (the screen accepts them if the group says so)."""

    @dataclass
    class Looked(Message):
        """The inbox changed: nudges may be waiting for the screen to take."""

    def __init__(self, root: Path, group_id: str,
                 source: Callable[[], tuple[list[inbox.Hand], str]], **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.root = root
        self.group_id = group_id
        self.source = source
        self.hands: list[inbox.Hand] = []
        self.notice = ""
        self._shown: Text | None = None
        self._looks = 0
        self._seen: tuple | None = None

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_SECONDS, self.look)

    def look(self) -> None:
        """The cheap check, then a full poll only if something may have changed."""
        self._looks += 1
        seen = _mark(inbox.folder(self.root, self.group_id, make=False))
        if seen != self._seen or self._looks % FULL_EVERY == 0:
            self._seen = seen
            self.poll()

    def poll(self) -> None:
        hands, notice = self.source()
        if notice:
            self.notice = notice
        fresh = [h.key for h in hands] != [h.key for h in self.hands]
        self.hands = hands
        self.redraw()
        self.post_message(self.Looked())
        if fresh and hands:
            self.post_message(self.Arrived())

    def oldest(self) -> inbox.Hand | None:
        return self.hands[0] if self.hands else None

    def done(self, hand: inbox.Hand) -> None:
        """The hand was answered (the session took it out of the inbox)."""
        self.hands = [h for h in self.hands if h.key != hand.key]
        self.redraw()

    def redraw(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.hands:
            names = ", ".join(shorten(h.name, 20) for h in self.hands[:5])
            more = f" +{len(self.hands) - 5}" if len(self.hands) > 5 else ""
            text.append("Raised hands: ", style="bold")
            text.append(names + more)
            text.append(f"   h accepts, j declines {shorten(self.hands[0].name, 20)}",
                        style="dim")
        elif self.notice:
            text.append(self.notice, style="italic dim")
        if text != self._shown:  # polled once a second: redraw (and re-lay out) on change only
            self._shown = text
            self.update(text)
        if self.display != bool(text):
            self.display = bool(text)
