"""The quiet line under the queue where the screen says what just happened."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget


class SayLine(Widget):
    """One or two lines of plain text (never markup), styled by the screen's CSS
    (``height: auto; max-height: 2``).

    A new message re-lays the screen out only when it needs a different number of rows:
    ``Static.update`` always does, and after every key that was most of the redraw.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._said = ""

    @property
    def said(self) -> str:
        """What the line shows now."""
        return self._said

    def say(self, message: str) -> None:
        layout = self._rows(message) != self._rows(self._said)
        self._said = message
        self.refresh(layout=layout)

    def _rows(self, message: str) -> int:
        if not message:
            return 0
        return 1 if cell_len(message) <= max(1, self.content_size.width) else 2

    def render(self) -> Text:
        return Text(self._said)
