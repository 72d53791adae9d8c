"""The roster editor: first names or aliases, seat order, role, mentor, an opt-in milestone.

Every change goes through ``roomtui.groups`` (checked, then saved to groups.json) before the
list shows it; a refusal or a failed save leaves the roster as it was and says why.
A removal asks first and says what goes with the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui import groups
from roomtui.roster import BIRTHDAY, RosterRefused, milestone_of, next_role
from roomtui.session import not_saved
from roomtui.storage import DamagedFile
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.screens.confirm import ConfirmScreen
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.prompt import PromptBar

HINTS = "a add  e rename  r role  [ ] seat  m mentor  t date  k keep guest  x remove"
NAME_HINT = "First names or aliases only. Two Anas? Add an initial or number: “Ana B.”"


def person_label(seat: int, person: dict, width: int = 24) -> Text:
    """One row: seat, name, role, mentor, milestone — words, never colour alone."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{seat:>2}  ", style="dim")
    name = person["name"]
    text.append(name if len(name) <= width else name[: width - 1] + "…")
    text.append(" " * max(1, width + 2 - min(len(name), width)))
    role = person.get("role", "member")
    text.append(f"{role:<15}", style="italic" if role == "guest" else "")
    if person.get("mentor"):
        text.append(f"mentor: {person['mentor']}  ", style="dim")
    stone = milestone_of(person)
    if stone is not None:
        when, kind = stone
        text.append(("birthday " if kind == BIRTHDAY else "since ") + when.isoformat()
                    + (" · monthly" if person["milestone"].get("monthly") else ""), style="dim")
    return text


class RosterScreen(InFacilitatorApp, DismissOnceModal[None]):
    """The current group's roster, in seat order."""

    BINDINGS = [
        Binding("a", "add", "Add", id="roster.add"),
        Binding("e", "rename", "Rename", id="roster.rename"),
        Binding("r", "role", "Role", id="roster.role"),
        Binding("left_square_bracket", "move(-1)", "Seat up", key_display="[", id="roster.move_up"),
        Binding("right_square_bracket", "move(1)", "Seat down", key_display="]", id="roster.move_down"),
        Binding("m", "mentor", "Mentor", id="roster.mentor"),
        Binding("t", "milestone", "Milestone", id="roster.milestone"),
        Binding("k", "keep", "Keep guest", id="roster.keep_guest"),
        Binding("x", "remove", "Remove", id="roster.remove"),
        Binding("escape", "close", "Done", id="roster.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._target: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="roster-body", classes="editor-body"):
            yield Static("", id="roster-title", classes="title", markup=False)
            yield Static(NAME_HINT, classes="hint", markup=False)
            yield OptionList(id="roster-list")
            yield Static("", id="roster-message", markup=False)
            yield Static(HINTS, classes="keys", markup=False)
        yield PromptBar(id="roster-prompt")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.show(0)

    def show(self, highlight: int | None = None) -> None:
        roster = groups.people(self.session)
        self.query_one("#roster-title", Static).update(
            f"Roster of {self.session.group['name']}  ({len(roster)} in seat order · esc done)")
        listing = self.query_one(OptionList)
        listing.set_options([Option(person_label(i + 1, p), id=str(i))
                             for i, p in enumerate(roster)])
        if roster:
            listing.highlighted = max(0, min(len(roster) - 1, highlight or 0))
        listing.focus()

    def say(self, message: str) -> None:
        self.query_one("#roster-message", Static).update(message)

    @property
    def selected(self) -> int | None:
        return self.query_one(OptionList).highlighted

    def commit(self, change: Callable[[], object], done: Callable[[object], str],
               highlight: Callable[[object], int | None] | None = None) -> bool:
        """Run a checked edit (saved before it returns); say why if it was refused."""
        keep = self.selected
        try:
            result = change()
        except RosterRefused as refusal:
            self.say(str(refusal))
            return False
        except (OSError, DamagedFile) as err:
            self.say(not_saved(err))
            return False
        self.show(highlight(result) if highlight else keep)
        self.say(done(result))
        return True

    def _need_person(self) -> int | None:
        if self.selected is None:
            self.say("The roster is empty: a adds someone.")
        return self.selected

    def ask(self, purpose: str, label: str, suggestions: list[str] | None = None) -> None:
        self._target = self.selected
        self.query_one(PromptBar).ask(purpose, label, suggestions)

    # -- keys ------------------------------------------------------------------------
    def action_add(self) -> None:
        self.ask("add", "New person (first name or alias):")

    def action_rename(self) -> None:
        if self._need_person() is not None:
            self.ask("rename", "New name:")

    def action_mentor(self) -> None:
        if self._need_person() is not None:
            names = [p["name"] for p in groups.people(self.session)]
            self.ask("mentor", "Mentor (a name on the roster; empty for none):", names)

    def action_milestone(self) -> None:
        if self._need_person() is not None:
            self.ask("milestone", "Date YYYY-MM-DD (add “birthday”, or “monthly” for 30/60/90 "
                                  "days, 6 and 9 months; empty removes):")

    def action_role(self) -> None:
        i = self._need_person()
        if i is None:
            return
        person = groups.people(self.session)[i]
        role = next_role(person.get("role", "member"))
        self.commit(lambda: groups.set_role(self.session, i, role),
                    lambda _: f"{person['name']} is now {role}.")

    def action_keep(self) -> None:
        i = self._need_person()
        if i is None:
            return
        person = groups.people(self.session)[i]
        if person.get("role") != "guest":
            self.say(f"{person['name']} is not a guest.")
            return
        self.commit(lambda: groups.set_role(self.session, i, "member"),
                    lambda _: f"{person['name']} stays on the roster as a member.")

    def action_move(self, delta: int) -> None:
        i = self._need_person()
        if i is not None:
            self.commit(lambda: groups.move_person(self.session, i, delta),
                        lambda j: f"Seat {j + 1} now.", lambda j: j)

    def action_remove(self) -> None:
        i = self._need_person()
        if i is None:
            return
        person = groups.people(self.session)[i]
        forget = person.get("role") == "guest"

        def answered(yes: bool | None) -> None:
            if yes:
                self.commit(lambda: groups.remove_person(self.session, i),
                            lambda name: f"{name} {'forgotten' if forget else 'removed'}.")
            else:
                self.say("Nothing was removed.")

        question = (f"Forget {person['name']} (a guest)?" if forget
                    else f"Remove {person['name']} from the roster?")
        self.app.push_screen(ConfirmScreen(question, groups.remove_summary(self.session, i)),
                             answered)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        message.stop()
        i, text, session = self._target, message.text, self.session
        if message.purpose == "add":
            self.commit(lambda: groups.add_person(session, text),
                        lambda name: f"{name} added at seat {len(groups.people(session))}.",
                        lambda _: len(groups.people(session)) - 1)
        elif i is None:
            return
        elif message.purpose == "rename":
            self.commit(lambda: groups.rename_person(session, i, text),
                        lambda name: f"Now called {name}.")
        elif message.purpose == "mentor":
            self.commit(lambda: groups.set_mentor(session, i, text),
                        lambda m: f"Mentor: {m}." if m else "No mentor.")
        elif message.purpose == "milestone":
            words = text.split()
            folded = {w.casefold() for w in words}
            kind = BIRTHDAY if BIRTHDAY in folded else "anniversary"
            monthly = "monthly" in folded
            date = " ".join(w for w in words if w.casefold() not in (BIRTHDAY, "monthly"))
            today = dt.date.fromtimestamp(session.now())
            self.commit(lambda: groups.set_milestone(session, i, date, kind, today, monthly),
                        lambda s: f"Milestone saved: {s['kind']} {s['date']}"
                        + (", and monthly in the first year." if s.get("monthly") else ".")
                        if s else "Milestone removed.")
