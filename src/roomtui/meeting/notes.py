"""Session notes: quick, tagged, tied to the phase they were written in. Pure core.

Notes are events in the meeting log (``note_added``, ``note_edited``, ``note_deleted``)
so a restart, the review screen and the export all see the same notes. They are *not*
undoable with ``u``: undo is for the queue and timers, which the facilitator corrects
in the flow of the meeting; a note is corrected (or deleted) on purpose from the notes
list, and a ``u`` pressed for a queue mistake must never silently take a note away.

Peer-support practice keeps notes at group level (themes, follow-ups, resources), not
what a person said, so ``names_in`` finds roster names in a note and ``with_initials``
offers the same note with initials instead. The choice is the facilitator's; nothing
here ever refuses a note for naming someone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roomtui.meeting import names as _names
from roomtui.meeting.events import Event, Reducer
from roomtui.meeting.text import TextRefused, clean_text

if TYPE_CHECKING:
    from roomtui.meeting.state import MeetingState

NOTE_ADDED = "note_added"
NOTE_EDITED = "note_edited"
NOTE_DELETED = "note_deleted"
NOTE_EVENTS = frozenset({NOTE_ADDED, NOTE_EDITED, NOTE_DELETED})

THEME = "theme"
FOLLOW_UP = "follow-up"
RESOURCE = "resource"
CARE = "care"
TAGS = (THEME, FOLLOW_UP, RESOURCE, CARE)

#: Prefixes typed at the start of a note that choose its tag: ``f: call back`` or
#: ``#follow-up call back``. Short letters for speed, whole words for clarity.
PREFIXES = {
    "t": THEME,
    "f": FOLLOW_UP,
    "r": RESOURCE,
    "c": CARE,
    "theme": THEME,
    "follow-up": FOLLOW_UP,
    "followup": FOLLOW_UP,
    "resource": RESOURCE,
    "care": CARE,
}
_PREFIX = re.compile(r"^\s*(?:#([\w-]+)\s+|([\w-]+)\s*:\s+)", re.UNICODE)


@dataclass
class Note:
    """A note as it stands now (after any edits)."""

    id: int  # the seq of the event that added it
    at: float
    tag: str
    text: str
    phase: int
    edited_at: float | None = None


def next_tag(tag: str) -> str:
    """The tag after ``tag`` in the fixed order, for a key that cycles through them."""
    return TAGS[(TAGS.index(tag) + 1) % len(TAGS)] if tag in TAGS else TAGS[0]


def split_prefix(raw: str, default: str = THEME) -> tuple[str, str]:
    """``("follow-up", "call back")`` from ``"f: call back"``; unknown prefixes stay text."""
    match = _PREFIX.match(raw)
    if match:
        word = (match.group(1) or match.group(2) or "").casefold()
        if word in PREFIXES:
            return PREFIXES[word], raw[match.end() :]
    return (default if default in TAGS else THEME), raw


def prepare_text(raw: str) -> str:
    """The note text as stored; raises TextRefused (empty, too long)."""
    return clean_text(raw, what="A note")


def check_tag(tag: str) -> str:
    if tag not in TAGS:
        raise TextRefused(f"Tags are {', '.join(TAGS)}.")
    return tag


# -- names and initials -------------------------------------------------------------


def names_in(text: str, roster: list[str]) -> list[str]:
    """Roster names that appear in ``text`` as whole words (any case or accent form,
    script-aware boundaries: meeting/names.py), longest first, no repeats."""
    return _names.names_in(text, roster)


initials = _names.initials


def with_initials(text: str, names: list[str]) -> str:
    """The note with each of ``names``, in any case or accent form, replaced by its initials."""
    return _names.with_initials(text, names)


def replace_names(text: str, mapping: dict[str, str]) -> str:
    """Every form of each key the matcher knows (whole name, its words, its initials)
    replaced by its value (for exports)."""
    return _names.replace(text, mapping)


# -- reducers: deterministic, never raise on odd input --------------------------------


def _find(state: MeetingState, note_id: object) -> Note | None:
    for note in state.notes:
        if note.id == note_id:
            return note
    return None


def _r_added(state: MeetingState, ev: Event) -> None:
    text = ev.get("text")
    if not isinstance(text, str):
        return
    tag = ev["tag"] if ev.get("tag") in TAGS else THEME
    phase = ev.get("phase")
    state.notes.append(
        Note(
            id=ev.get("seq", -1),
            at=float(ev.get("at", 0.0)),
            tag=tag,
            text=text,
            phase=phase if isinstance(phase, int) else state.phase_index,
        )
    )


def _r_edited(state: MeetingState, ev: Event) -> None:
    note = _find(state, ev.get("note"))
    if note is None:
        return
    if isinstance(ev.get("text"), str):
        note.text = ev["text"]
    if ev.get("tag") in TAGS:
        note.tag = ev["tag"]
    note.edited_at = float(ev.get("at", note.at))


def _r_deleted(state: MeetingState, ev: Event) -> None:
    state.notes = [n for n in state.notes if n.id != ev.get("note")]


REDUCERS: dict[str, Reducer] = {NOTE_ADDED: _r_added, NOTE_EDITED: _r_edited, NOTE_DELETED: _r_deleted}
