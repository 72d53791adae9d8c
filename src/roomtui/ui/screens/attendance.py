"""Who is here: the roster in seat order, one key per person, or type a name to add.

At the opening the marks are a draft until Enter saves them as one event (attendance
taken). After that each key records a latecomer or an early leaver at once, with the time.
Newcomers are marked here privately ("first time: welcome them"), with their mentor.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui import groups
from roomtui.meeting.names import resolve
from roomtui.meeting.text import TextRefused, clean_name, name_key
from roomtui.roster import mentor_of
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.prompt import PromptBar

#: One key per seat: digits, then letters (a adds someone, so it is left out); beyond
#: the 35th seat, the arrows and space reach everyone.
SEAT_KEYS = "1234567890bcdefghijklmnopqrstuvwxyz"
HINTS_DRAFT = "seat key or ↑↓ space: here or not   * everyone   a add   Enter save   esc cancel"
HINTS_TAKEN = "seat key or ↑↓ space: arrived or left (timed)   a add a latecomer   esc done"


def _clock(at: float) -> str:
    return time.strftime("%H:%M", time.localtime(at))


class AttendanceScreen(InFacilitatorApp, DismissOnceModal[None]):
    """The facilitator's attendance list (private: never on the room view)."""

    BINDINGS = [
        *[Binding(k, f"toggle({i})", show=False, id=f"attendance.seat_{i + 1}")
          for i, k in enumerate(SEAT_KEYS)],
        Binding("space", "toggle_selected", "Here / not", key_display="space", id="attendance.toggle"),
        Binding("asterisk", "everyone", "Everyone", key_display="*", id="attendance.everyone"),
        Binding("a", "add", "Add", id="attendance.add"),
        Binding("enter", "save", "Save", id="attendance.save"),
        Binding("escape", "close", "Close", id="attendance.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.draft: set[str] = set()  # name keys marked here, until Enter saves them
        self.extra: list[str] = []  # names typed in that are not on the roster

    @property
    def taken(self) -> bool:
        att = self.session.state.attendance
        return att is not None and att.taken_at is not None

    def candidates(self) -> list[str]:
        """The group's roster in seat order, then this meeting's guests and added names."""
        names = [p["name"] for p in groups.people(self.session)]
        keys = {name_key(n) for n in names}
        state = self.session.state
        more = list(state.people())
        if state.attendance is not None:
            more += [s.name for s in state.attendance.stays]
        for name in more + self.extra:
            if name_key(name) not in keys:
                keys.add(name_key(name))
                names.append(name)
        return names

    def compose(self) -> ComposeResult:
        with Vertical(id="attendance-body", classes="editor-body"):
            yield Static("", id="attendance-title", classes="title", markup=False)
            yield OptionList(id="attendance-list")
            yield Static("", id="attendance-message", markup=False)
            yield Static("", id="attendance-keys", classes="keys", markup=False)
        yield PromptBar(id="attendance-prompt")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.show(0)

    def is_here(self, name: str) -> bool:
        if self.taken:
            return self.session.state.attendance.is_here(name)
        return name_key(name) in self.draft

    def label(self, i: int, name: str, new: set[str]) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        key = SEAT_KEYS[i] if i < len(SEAT_KEYS) else " "
        text.append(f" {key}  ", style="bold")
        here = self.is_here(name)
        text.append("● here      " if here else "○ not here  ", style="" if here else "dim")
        text.append(name, style="bold" if here else "")
        att = self.session.state.attendance
        stay = att.last_stay(name) if att is not None else None
        if stay is not None:
            if stay.left_at is not None:
                text.append(f"  left {_clock(stay.left_at)}", style="italic")
            elif stay.late:
                text.append(f"  arrived {_clock(stay.arrived_at)}", style="italic")
        if name_key(name) in new:
            mentor = mentor_of(groups.people(self.session), name)
            text.append("  ✦ first time: welcome them" + (f" (mentor: {mentor})" if mentor
                                                          else ""), style="italic")
        return text

    def show(self, highlight: int | None = None) -> None:
        names = self.candidates()
        new = groups.first_timers(self.session)
        here = sum(1 for n in names if self.is_here(n))
        when = "marked" if self.taken else "draft: Enter saves"
        self.query_one("#attendance-title", Static).update(
            f"Who is here  ({here} of {len(names)}, {when})")
        self.query_one("#attendance-keys", Static).update(
            HINTS_TAKEN if self.taken else HINTS_DRAFT)
        listing = self.query_one(OptionList)
        keep = listing.highlighted if highlight is None else highlight
        listing.set_options([Option(self.label(i, n, new), id=str(i))
                             for i, n in enumerate(names)])
        if names:
            listing.highlighted = max(0, min(len(names) - 1, keep or 0))
        listing.focus()

    def say(self, message: str) -> None:
        self.query_one("#attendance-message", Static).update(message)

    def record(self, make, done: str) -> bool:
        changed, problem = self.session.attempt(make)
        self.say(problem or (done if changed else ""))
        return changed

    # -- keys ------------------------------------------------------------------------
    def action_toggle(self, i: int) -> None:
        names = self.candidates()
        if i >= len(names):
            self.say(f"No one at seat {i + 1}.")
            return
        self.flip(names[i])
        self.show(i)

    def action_toggle_selected(self) -> None:
        i = self.query_one(OptionList).highlighted
        if i is not None:
            self.action_toggle(i)

    def flip(self, name: str) -> None:
        meeting, known = self.session.meeting, self.candidates()
        if not self.taken:
            key = name_key(name)
            self.draft.symmetric_difference_update({key})
            self.say(f"{name}: {'here' if key in self.draft else 'not here'}.")
        elif self.is_here(name):
            self.record(lambda at: meeting.leave(name, at),
                        f"{name} left at {_clock(self.session.now())}.")
        else:
            self.record(lambda at: meeting.arrive(name, known, at),
                        f"{name} arrived at {_clock(self.session.now())}.")

    def action_everyone(self) -> None:
        if self.taken:
            self.say("Attendance is taken: mark latecomers and leavers one by one.")
            return
        names = self.candidates()
        keys = {name_key(n) for n in names}
        self.draft = set() if keys <= self.draft else keys
        self.say("Everyone marked here." if self.draft else "Nobody marked.")
        self.show()

    def action_add(self) -> None:
        label = "Latecomer:" if self.taken else "Also here:"
        self.query_one(PromptBar).ask("add", label, self.candidates())

    def action_save(self) -> None:
        if self.taken:
            self.dismiss(None)
            return
        names = [n for n in self.candidates() if name_key(n) in self.draft]
        known = [p["name"] for p in groups.people(self.session)]
        meeting = self.session.meeting
        if self.record(lambda at: meeting.take_attendance(names, known, at),
                       f"{len(names)} here."):
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on the list saves, as the keys line says
        self.action_save()

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        message.stop()
        try:
            typed = clean_name(message.text)
        except TextRefused as err:
            self.say(str(err))
            return
        names = self.candidates()
        found = resolve(typed, names)  # zoe is Zoë; "Pri" is Priya when only she fits
        if found is None and not self.taken:
            self.extra.append(typed)
            found = typed
        if self.taken:
            meeting = self.session.meeting
            self.record(lambda at: meeting.arrive(found or typed, names, at),
                        f"{found or typed} arrived at {_clock(self.session.now())}.")
        else:
            self.draft.add(name_key(found))
            self.say(f"{found}: here.")
        self.show(self.candidates().index(found) if found in self.candidates() else None)
