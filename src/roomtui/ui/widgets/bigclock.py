"""A timer in block figures that grow with the screen: readable from the back of a room.

Textual's ``Digits`` are three rows high whatever the terminal size; a projector wants
the figures as large as the space allows. Each figure is drawn from a 3×5 pixel font
and every pixel becomes a block two cells wide and one high (terminal cells are about
twice as tall as wide), scaled by the largest whole factor that fits.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
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


def scale_for(value: str, width: int, height: int, most: int = 16) -> int:
    """The largest whole scale at which ``value`` fits in 90% of the width and all of
    the height it is given: a room terminal of 120x40 or more fills with the timer.

    The figures are measured as ``+0:00`` whatever they show, so the scale does not
    jump when a share goes over time.
    """
    if not pixels(value):
        return 1
    wide = len(pixels("+0:00")[0]) * 2
    fits = min((width * 9 // 10) // wide, height // ROWS, most)
    return max(1, fits)


def render_big(value: str, scale: int) -> list[str]:
    out = []
    for row in pixels(value):
        line = "".join(("█" if px == "#" else " ") * 2 * scale for px in row)
        out.extend([line.rstrip()] * scale)
    return out


def placed(value: str, width: int, height: int) -> list[str]:
    """The figures centred in a ``width`` x ``height`` box, every line full width."""
    lines = render_big(value, scale_for(value, width, height))
    wide = max((len(line) for line in lines), default=0)
    left, top = max(0, (width - wide) // 2), max(0, (height - len(lines)) // 2)
    rows = [" " * width] * top + [(" " * left + line).ljust(width) for line in lines]
    return (rows + [" " * width] * max(0, height - len(rows)))[:height]


def changed(old: list[str], new: list[str]) -> list[Region]:
    """Boxes holding every cell that differs, one per run of differing rows (empty: none).

    Rows that did not change are left out: going from 0 to 9 repaints the lower half.
    """
    if len(old) != len(new) or any(len(a) != len(b) for a, b in zip(old, new, strict=False)):
        return [Region(0, 0, max((len(line) for line in new), default=0), len(new))]
    boxes: list[Region] = []
    for y, (a, b) in enumerate(zip(old, new, strict=False)):
        if a == b:
            continue
        cols = [x for x, (p, q) in enumerate(zip(a, b, strict=False)) if p != q]
        row = Region(cols[0], y, cols[-1] - cols[0] + 1, 1)
        last = boxes[-1] if boxes else None
        if last is not None and last.bottom == y and last.x == row.x and last.width == row.width:
            boxes[-1] = last.union(row)
        else:
            boxes.append(row)
    return boxes


class BigClock(Widget):
    """Big block figures, centred; empty when there is no value."""

    DEFAULT_CSS = """
    BigClock {
        width: 100%;
        height: 1fr;
        min-height: 5;
    }
    """

    value: reactive[str] = reactive("", repaint=False)
    """The figures to draw, e.g. ``2:30`` or ``+0:15``."""

    _lines: list[str] = []

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._strips: dict[tuple, Strip] = {}

    def watch_value(self) -> None:
        """Repaint only the cells that changed: a second usually changes one figure of
        four, and a projector's terminal need not be sent the other three again."""
        lines = placed(self.value, self.size.width, self.size.height)
        boxes = changed(self._lines, lines)
        self._lines = lines
        if boxes:
            self.refresh(*boxes)

    def on_resize(self) -> None:
        self._lines = placed(self.value, self.size.width, self.size.height)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One row: only the rows a repaint asks for are drawn (see ``watch_value``)."""
        if len(self._lines) != self.size.height:
            self._lines = placed(self.value, self.size.width, self.size.height)
        width = self.size.width
        line = self._lines[y] if 0 <= y < len(self._lines) else ""
        style = self.rich_style
        key = (line, width, style)
        strip = self._strips.get(key)
        if strip is None:  # a figure's rows repeat (each pixel row is drawn `scale` times)
            if len(self._strips) > 4 * ROWS * 16:
                self._strips.clear()
            # every cell is one column wide ("█" or a space): no need to measure it
            strip = Strip([Segment(line.ljust(width)[:width], style)], cell_length=width)
            self._strips[key] = strip
        return strip
