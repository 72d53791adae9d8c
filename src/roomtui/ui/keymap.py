"""The facilitator's keys, in one table: bindings, the help screen and the command
palette are all built from it, so they can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma-separated
    action: str
    label: str  # short, for the footer
    help: str  # a sentence, for help and the command palette
    display: str = ""  # how the key is written for people
    footer: bool = True
    name: str = ""  # the binding's id, for keys.toml; the action's name when it has no argument

    @property
    def id(self) -> str:
        return self.name or self.action

    @property
    def shown(self) -> str:
        return self.display or self.keys.split(",")[0]

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.footer,
            key_display=self.display or None,
            tooltip=self.help,
            id=self.id,
        )

    def remapped(self, keymap: dict[str, str]) -> Key:
        """This key as keys.toml set it (for help, the palette and the footer)."""
        keys = keymap.get(self.id)
        if not keys:
            return self
        return replace(self, keys=keys, display=", ".join(k.strip() for k in keys.split(",")))


LIVE_KEYS: list[Key] = [
    Key("b", "begin", "Begin", "Begin the meeting: its clock and first phase start now "
        "(n, r, p, m and ! begin it too)", footer=False),
    Key("a", "add", "Add", "Add someone to the queue (type a name, Enter)"),
    Key("d", "direct", "Direct", "Direct response: goes ahead of the queue"),
    Key("n", "next", "Next", "Next speaker (ends the current turn)"),
    Key("x", "remove", "Remove", "Remove the selected person from the queue", footer=False),
    Key("left_square_bracket", "move(-1)", "Up", "Move the selected person up", "[", False,
        "move_up"),
    Key("right_square_bracket", "move(1)", "Down", "Move the selected person down", "]", False,
        "move_down"),
    Key("u", "undo", "Undo", "Undo the last action (many steps)"),
    Key("ctrl+r", "redo", "Redo", "Redo what was undone", "ctrl+r", False),
    Key("space", "pause", "Pause", "Pause / resume the speaker timer", "space", False),
    Key("plus,equals_sign", "adjust(30)", "+30s", "Add 30 s to the current share", "+", False,
        "add_time"),
    Key("minus", "adjust(-30)", "-30s", "Take 30 s from the current share", "-", False,
        "take_time"),
    Key("p", "next_phase", "Phase", "Next agenda phase", footer=False),
    Key("r", "round", "Round", "Start a round (check-in / check-out)", footer=False),
    Key("s", "pass_turn", "Pass", "The current person passes"),
    Key("o", "note", "Note", "Write a note (private; tag with ctrl+t or f: r: c: t:)"),
    Key("O", "notes", "Notes", "This meeting's notes: read, edit, retag, delete", "O", False),
    Key("f", "formats", "Formats", "Meeting formats: pick the next one, copy one to edit",
        footer=False),
    Key("w", "attendance", "Who's here", "Who is here: mark attendance, latecomers, leavers",
        footer=False),
    Key("R", "roster", "Roster", "Roster: names, seat order, roles, mentors, milestones", "R",
        False),
    Key("l", "groups", "Groups", "Groups: switch, create, rename, delete", footer=False),
    Key("C", "celebrate", "Celebrate", "Celebrate a milestone: a warm card for the room", "C",
        False),
    Key("g", "agreements", "Agreements", "Group agreements, read-aloud view (e there edits them)",
        footer=False),
    Key("m", "quiet", "Quiet", "Quiet mode: choose a calm prompt (e there edits them)",
        footer=False),
    Key("exclamation_mark", "care_pause", "Care pause",
        "Care pause: freeze every timer and show a grounding prompt", "!", False),
    Key("c", "reminder", "Reminder", "Show a gentle reminder card (c again clears it)",
        footer=False),
    Key("e", "end", "End", "End the meeting (asks to confirm)", footer=False),
    Key("P", "toggle_priority", "Gentle priority",
        "Gentle priority on / off: people who have not shared yet go ahead in the queue",
        "P", False),
    Key("h", "accept_hand", "Hand", "Accept the oldest raised hand from watch (queues them)",
        footer=False),
    Key("ctrl+k", "show_pin", "Browser PIN",
        "Show the browser view's PIN for 15 s (while roomtui serve runs)", "ctrl+k", False),
    Key("j", "decline_hand", "Decline hand",
        "Decline the oldest raised hand from watch (watch is told)", footer=False),
    Key("question_mark", "help", "Help", "Help: every key", "?"),
]

APP_KEYS: list[Key] = [
    Key("ctrl+p", "command_palette", "Commands", "Command palette: every action", "ctrl+p", False),
    Key("ctrl+q", "quit", "Quit", "Quit; the meeting is saved and resumes next time", "ctrl+q"),
]

#: Every id keys.toml may remap, with its key table row.
REMAPPABLE: dict[str, Key] = {key.id: key for key in LIVE_KEYS + APP_KEYS if key.keys}

#: The other screens' binding ids keys.toml may remap (each ``Binding(..., id=...)`` in
#: ui/screens, ui/widgets, review.py and palette.py; a test checks this list against them).
#: Not here: the attendance seat keys and the celebrate picks (the list shows those keys),
#: the unlock prompt, and the watch and room views with their nudge chooser (they do not
#: read keys.toml).
SCREEN_IDS: tuple[str, ...] = (
    "roster.add", "roster.rename", "roster.role", "roster.move_up", "roster.move_down",
    "roster.mentor", "roster.milestone", "roster.keep_guest", "roster.remove", "roster.close",
    "attendance.toggle", "attendance.everyone", "attendance.add", "attendance.save",
    "attendance.close",
    "agreements.next", "agreements.previous", "agreements.one_or_all", "agreements.remind",
    "agreements.edit", "agreements.back", "reminder.cancel",
    "library.add", "library.edit", "library.remove", "library.move_up", "library.move_down",
    "library.close", "library.previous", "library.next",
    "quiet.timer", "quiet.edit", "quiet.close", "care.go_on",
    "celebrate.own_words", "celebrate.close", "celebrate.clear_card",
    "notes.close", "notes.edit", "notes.retag", "notes.delete", "notes.new",
    "notebar.close", "notebar.tag", "notebar.initials", "prompt.cancel", "prompt.people",
    "formats.back", "formats.copy", "formats.reload", "formats.bell",
    "groups.new", "groups.rename", "groups.delete", "groups.close",
    "phase.keep", "phase.clear", "phase.stay", "confirm.yes", "confirm.no", "help.close",
    "palette.previous_page", "palette.next_page",
    "review.search", "review.open", "review.delete", "review.more", "review.trends",
    "review.quit", "review.to_list", "summary.back",
    "trends.back", "trends.attendance", "trends.length", "trends.air", "trends.people",
    "trends.per_person",
)


def remappable_ids() -> list[str]:
    """Every id keys.toml may name: the live screen's and the app's, then the screens'."""
    return [*REMAPPABLE, *SCREEN_IDS]

#: The co-facilitator's watch view: read-only, plus noting a raised hand.
WATCH_KEYS: list[Key] = [
    Key("h", "raise_hand", "Raised hand", "Note a raised hand for the facilitator (type a name)"),
    Key("w", "withdraw_hand", "Withdraw", "Withdraw the raised hand you sent, while it waits"),
    Key("k", "nudge", "Nudge", "A private nudge to the facilitator: time check, someone "
        "needs a moment, check the room"),
    Key("ctrl+q", "quit", "Quit", "Stop watching (the meeting goes on)", "ctrl+q"),
]

#: The browser view and the room view: nothing to do but look (and close).
VIEW_KEYS: list[Key] = [
    Key("ctrl+q", "quit", "Quit", "Close this view (the meeting goes on)", "ctrl+q"),
]
