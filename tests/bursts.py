"""Keys pressed together: every key of a burst is queued before the app handles any.

``pilot.press`` waits for the app to go idle after each key, so it never shows what
happens when a person presses two keys at once, holds one down, or pastes: the app then
has several keys queued, and a screen can get a key after it already closed. ``burst``
posts them all first (as a terminal delivers a fast burst), then waits.
"""

from __future__ import annotations

import unicodedata

from textual import events

_CHARS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "backspace": "\x7f"}


def key_event(key: str) -> events.Key:
    """The event a terminal would deliver for ``key`` (Textual's key names)."""
    if len(key) == 1:
        return events.Key(key, key)
    if key in _CHARS:
        return events.Key(key, _CHARS[key])
    try:
        return events.Key(key, unicodedata.lookup(key.replace("_", " ").upper()))
    except KeyError:  # up, pageup, ctrl+p ...: no printable character
        return events.Key(key, None)


async def burst(pilot, *keys: str, settle: float = 0.2) -> None:
    """Queue every key before the app handles the first, then let it settle."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    await pilot.pause()
    await pilot.pause(settle)
