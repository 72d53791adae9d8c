"""What a stored event must look like, field by field (issue #11: types, not just keys).

A meeting file is JSON a person could edit or a disk could damage. Each event is checked
before it is folded in: ``seq``, ``type`` and ``at`` on every event, then the fields its
type uses, with their types. An event of a type this version does not know (from a newer
roomtui) needs only the common fields. ``check_event`` returns a sentence naming the field,
or None when the event is fine. Pure: no files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from roomtui.meeting import attendance as _att
from roomtui.meeting import care as _care
from roomtui.meeting import model as _m
from roomtui.meeting import notes as _notes
from roomtui.meeting.events import Event

TEXT, INT, NUMBER, BOOL, DICT, TEXTS, OPT_INT, OPT_NUMBER = (
    "text", "whole number", "number", "true or false", "object", "list of texts",
    "whole number or null", "number or null")
OPT_TEXT, OPT_TEXTS, DICTS, OPT_DICT, LIST, OPT_BOOL = (
    "text or null", "list of texts or null", "list of objects", "object or null", "list",
    "true or false, or null")

#: type -> {field: (kind, required)}
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    _m.STARTED: {"id": (TEXT, True), "group": (TEXT, True), "group_id": (OPT_TEXT, False),
                 "format": (DICT, False),
                 "roster": (TEXTS, False), "settings": (DICT, False),
                 "await_begin": (BOOL, False)},
    _m.BEGUN: {},
    _m.NEXT: {"begins": (BOOL, False)},
    _m.PHASE: {"ends_turn": (BOOL, False), "clear_queue": (BOOL, False),
               "begins": (BOOL, False)},
    _m.ROSTER: {"roster": (TEXTS, True)},
    _m.QUEUED: {"name": (TEXT, True), "guest": (BOOL, False), "direct": (BOOL, False),
                "to_round": (BOOL, False)},
    _m.REMOVED: {"entry": (INT, True)},
    _m.MOVED: {"entry": (INT, True), "delta": (INT, True)},
    _m.ADJUSTED: {"seconds": (INT, True)},
    _m.ROUND_STARTED: {"names": (TEXTS, False), "label": (TEXT, False),
                       "begins": (BOOL, False)},
    _m.SETTINGS: {"priority_unspoken": (BOOL, False)},
    _m.UNDO: {"target": (INT, False)},
    _m.REDO: {"target": (INT, False)},
    _notes.NOTE_ADDED: {"text": (TEXT, True), "tag": (TEXT, False), "phase": (INT, False)},
    _notes.NOTE_EDITED: {"note": (INT, True), "text": (TEXT, False), "tag": (TEXT, False)},
    _notes.NOTE_DELETED: {"note": (INT, True)},
    _att.ATTENDANCE_TAKEN: {"names": (TEXTS, True), "guests": (TEXTS, False)},
    _att.ARRIVED: {"name": (TEXT, True), "guest": (BOOL, False)},
    _att.LEFT: {"name": (TEXT, True)},
    _att.CELEBRATED: {"text": (TEXT, True)},
    _care.QUIET_STARTED: {"prompt": (TEXT, False), "prompt_kind": (TEXT, False),
                          "text": (TEXT, False), "seconds": (OPT_NUMBER, False)},
    _care.REMINDER_SHOWN: {"text": (TEXT, True)},
}

PHASE_FIELDS = {"name": (TEXT, True), "planned_seconds": (NUMBER, False),
                "share_seconds": (OPT_INT, False), "round": (BOOL, False),
                "crosstalk": (BOOL, False)}
FORMAT_FIELDS = {"name": (TEXT, False), "share_seconds": (INT, False),
                 "wrap_up_seconds": (INT, False), "bell": (BOOL, False)}


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


#: roomtui's own records nest a few levels at most; a free-form object (settings, a
#: format) deeper than this is damage, refused before anything recurses into it.
MAX_DEPTH = 16


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests lists and objects more than ``limit`` levels (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def fits(kind: str, value: Any) -> bool:
    if kind == TEXT:
        return isinstance(value, str)
    if kind == INT:
        return is_int(value)
    if kind == NUMBER:
        return is_number(value)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == DICT:
        return isinstance(value, dict)
    if kind == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == OPT_INT:
        return value is None or is_int(value)
    if kind == OPT_NUMBER:
        return value is None or is_number(value)
    if kind == OPT_TEXT:
        return value is None or isinstance(value, str)
    if kind == OPT_TEXTS:
        return value is None or fits(TEXTS, value)
    if kind == DICTS:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if kind == OPT_DICT:
        return value is None or isinstance(value, dict)
    if kind == LIST:
        return isinstance(value, list)
    if kind == OPT_BOOL:
        return value is None or isinstance(value, bool)
    return True


#: Kinds whose contents are not checked one by one: only these can hide deep nesting.
FREE_FORM = frozenset({DICT, OPT_DICT, LIST})


def check_fields(record: Mapping[str, Any], fields: dict[str, tuple[str, bool]], where: str) -> str | None:
    """The first field of ``record`` that is missing or of the wrong type, as a sentence."""
    for name, (kind, required) in fields.items():
        if name not in record:
            if required:
                return f"{where} has no {name!r}"
            continue
        value = record[name]
        if kind in FREE_FORM and isinstance(value, (dict, list)) and too_deep(value):
            return f"{where}: {name!r} nests lists or objects more than {MAX_DEPTH} levels deep"
        if not fits(kind, value):
            article = "an" if kind[0] in "aeiou" else "a"
            return f"{where}: {name!r} should be {article} {kind}, not {_shown(value)}"
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {str: "text", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def check_event(event: Any, seq: int) -> str | None:
    """Why ``event`` (expected at position ``seq``) cannot be used, or None."""
    where = f"event {seq}"
    if not isinstance(event, dict):
        return f"{where} is not an object"
    if not is_int(event.get("seq")) or event["seq"] != seq:
        return f"event {seq} is missing or out of order"
    if not isinstance(event.get("type"), str):
        return f"{where} has no 'type' text"
    if not is_number(event.get("at")):
        return f"{where}: 'at' should be a number (a time), not {_shown(event.get('at'))}"
    fields = FIELDS.get(event["type"])
    problem = check_fields(event, fields, where) if fields else None
    if problem or event["type"] != _m.STARTED:
        return problem
    fmt = event.get("format") or {}
    problem = check_fields(fmt, FORMAT_FIELDS, f"{where}'s format")
    if problem:
        return problem
    phases = fmt.get("phases", [])
    if not isinstance(phases, list):
        return f"{where}'s format: 'phases' should be a list"
    for i, phase in enumerate(phases):
        if not isinstance(phase, dict):
            return f"{where}'s format: phase {i + 1} is not an object"
        problem = check_fields(phase, PHASE_FIELDS, f"{where}'s phase {i + 1}")
        if problem:
            return problem
    return None


def valid_prefix(events: list[Any]) -> tuple[list[Event], str | None]:
    """The events up to the first one that cannot be used, and why it cannot (or None).

    An event is unusable when it fails ``check_event`` or folding it in fails. The first
    event must start the meeting.
    """
    good: list[Event] = []
    meeting = _m.Meeting()
    for i, event in enumerate(events):
        problem = check_event(event, i)
        if problem is None and i == 0 and event["type"] != _m.STARTED:
            problem = "event 0 does not start the meeting"
        if problem is None:
            try:
                meeting.apply(event)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                    OverflowError, RecursionError) as err:
                problem = f"event {i} ({event['type']}) does not make sense ({type(err).__name__})"
        if problem is not None:
            return good, problem
        good.append(event)
    return good, None
