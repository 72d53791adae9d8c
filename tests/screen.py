"""Reading what a person would see: the text of the app's current screen."""

from __future__ import annotations

import html
import re
from collections import defaultdict

_SPAN = re.compile(r"<text([^>]*)>(.*?)</text>", re.S)
_ATTR = re.compile(r'\s(x|y|textLength)="([\d.]+)"')


def screen_text(app) -> str:
    """All text on screen, one line per terminal row, placed by column as rendered.

    Built from Textual's own SVG export, so it is what the terminal would show (blank
    cells the export leaves out come back as spaces).
    """
    svg = app.export_screenshot()
    spans = []
    cell = None
    for attrs, body in _SPAN.findall(svg):
        found = dict(_ATTR.findall(attrs))
        if "x" not in found or "y" not in found:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")
        if cell is None and "textLength" in found and text.isascii() and text:
            cell = float(found["textLength"]) / len(text)
        spans.append((float(found["y"]), float(found["x"]), text))
    cell = cell or 12.2
    rows: dict[float, dict[int, str]] = defaultdict(dict)
    for y, x, text in spans:
        col = round(x / cell)
        for i, ch in enumerate(text):
            rows[y][col + i] = ch
    lines = []
    for y in sorted(rows):
        row = rows[y]
        lines.append("".join(row.get(i, " ") for i in range(max(row) + 1)).rstrip())
    return "\n".join(lines)


def big_rows(value: str, bold: bool = False) -> list[str]:
    """The three rows Textual's ``Digits`` draws for ``value``."""
    from rich.style import Style
    from textual.renderables.digits import Digits

    text = "".join(seg.text for seg in Digits(value).render(Style(bold=bold)))
    return text.split("\n")[:3]


def shows_big(screen: str, value: str) -> bool:
    """Whether ``value`` is on screen in big digits (the share timer), as the eye reads it."""
    rows = screen.splitlines()
    for bold in (False, True):
        glyph = big_rows(value, bold)
        width = max(len(g) for g in glyph)
        glyph = [g.ljust(width) for g in glyph]
        for i in range(len(rows) - 2):
            band = [rows[i + k].ljust(len(rows[i]) + width) for k in range(3)]
            col = band[0].find(glyph[0])
            while col != -1:
                if all(band[k][col:col + width] == glyph[k] for k in (1, 2)):
                    return True
                col = band[0].find(glyph[0], col + 1)
    return False


def read_big(screen: str, values) -> str | None:
    """The first of ``values`` shown in big digits, or None."""
    return next((v for v in values if shows_big(screen, v)), None)
