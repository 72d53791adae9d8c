"""A timer in block figures that grow with the screen: readable from the back of a room.

Textual's ``Digits`` are three rows high whatever the terminal size; a projector wants
the figures as large as the space allows. Each figure is drawn from a 3×5 pixel font
and every pixel becomes a block two cells wide and one high (terminal cells are about
twice as tall as wide), scaled by the largest whole factor that fits.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

FONT = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "3": ["###", "..#", "###", "..#", "###"],
    "4": ["#.#", "#.#", "###", "..#", "..#"],
    "5": ["###", "#..", "###", "..#", "###"],
    "6": ["###", "#..", "###", "#.#", "###"],
    "7": ["###", "..#", "..#", "..#", "..#"],
    "8": ["###", "#.#", "###", "#.#", "###"],
    "9": ["###", "#.#", "###", "..#", "###"],
    ":": [".", "#", ".", "#", "."],
    "+": ["...", ".#.", "###", ".#.", "..."],
}
ROWS = 5


def pixels(value: str) -> list[str]:
    """The figures as rows of '#' and '.', one blank column between glyphs."""
    glyphs = [FONT[ch] for ch in value if ch in FONT]
    if not glyphs:
        return []
    return [".".join(glyph[row] for glyph in glyphs) for row in range(ROWS)]


def scale_for(value: str, width: int, height: int, most: int = 4) -> int:
    """The largest whole scale at which ``value`` fits in about 60% of the space.

    Large, but with room around it: a wall of blocks would shout.
    """
    rows = pixels(value)
    if not rows:
        return 1
    wide = len(rows[0]) * 2
    fits = min((width * 3 // 5) // max(1, wide), (height * 4 // 5) // ROWS, most)
    return max(1, fits)


def render_big(value: str, scale: int) -> list[str]:
    out = []
    for row in pixels(value):
        line = "".join(("█" if px == "#" else " ") * 2 * scale for px in row)
        out.extend([line.rstrip()] * scale)
    return out


class BigClock(Widget):
    """Big block figures, centred; empty when there is no value."""

    DEFAULT_CSS = """
    BigClock {
        width: 100%;
        height: 1fr;
        min-height: 5;
        content-align: center middle;
    }
    """

    value: reactive[str] = reactive("")
    """The figures to draw, e.g. ``2:30`` or ``+0:15``."""

    def render(self) -> Text:
        scale = scale_for(self.value, self.size.width, self.size.height)
        lines = render_big(self.value, scale)
        width = max((len(line) for line in lines), default=0)
        return Text("\n".join(line.ljust(width) for line in lines), no_wrap=True)
