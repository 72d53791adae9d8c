"""Cleaning text that people type or that arrives from files, before it is stored or shown.

Names and notes are shown literally: Rich markup is never interpreted (the UI renders
``Text`` objects), and terminal escape sequences, control characters and bidi overrides
are removed here so that they cannot move the cursor, recolour the screen or reorder
the rest of a line.
"""

from __future__ import annotations

import re
import unicodedata

from roomtui.meeting.names import fold

MAX_NAME = 80
MAX_TEXT = 2000

# CSI / OSC / other ESC sequences, then single C0/C1 controls.
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
# Bidi embeddings, overrides and isolates: they reorder what follows on the line.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class TextRefused(ValueError):
    """Text that cannot be accepted; the message is written for the facilitator."""


def strip_controls(text: str, keep_newlines: bool = False) -> str:
    """Remove escape sequences, control characters and bidi overrides."""
    text = _ANSI.sub("", text).translate(_BIDI)
    out = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc":
            out.append(" " if ch in "\t\r\n" else "")
        elif cat == "Cs":  # lone surrogates cannot be encoded
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def clean_name(raw: str) -> str:
    """A name as it will be stored: single-spaced, no controls. Raises TextRefused."""
    name = " ".join(strip_controls(raw).split())
    if not name:
        raise TextRefused("A name cannot be empty.")
    if len(name) > MAX_NAME:
        raise TextRefused(f"A name can be at most {MAX_NAME} characters.")
    return name


def clean_text(raw: str, limit: int = MAX_TEXT, what: str = "A note") -> str:
    """Free text (notes, agreements, prompts): trimmed, no controls. Raises TextRefused."""
    text = strip_controls(raw).strip()
    if not text:
        raise TextRefused(f"{what} cannot be empty.")
    if len(text) > limit:
        raise TextRefused(f"{what} can be at most {limit} characters.")
    return text


def name_key(name: str) -> str:
    """How two names compare: the one fold key of meeting/names.py (case, width, accents)."""
    return fold(name)


def shorten(text: str, width: int) -> str:
    """Fit text into ``width`` cells with an ellipsis (for layout, never for storage)."""
    if width <= 1:
        return text[:width]
    return text if len(text) <= width else text[: width - 1] + "…"
