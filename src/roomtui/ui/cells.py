"""Fitting text into terminal cells: a wide character (CJK, most emoji) takes two cells,
so counting code points (``meeting.text.shorten``) lets such text run past its room."""

from __future__ import annotations

from rich.cells import cell_len


def fit_cells(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        size = cell_len(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out) + "…"
