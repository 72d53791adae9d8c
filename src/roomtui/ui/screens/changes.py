"""``OnlyChanges``: the read-only views (watch, room) update a widget only when what it
shows differs from what it showed. They look at the files four times a second; a
``Static.update`` each time would re-lay the screen out for nothing."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static


class OnlyChanges:
    """Mixin for a Screen: ``put`` remembers what each widget shows."""

    _shown: dict[str, object]

    def forget_shown(self) -> None:
        """Draw everything again on the next ``put`` (after a resize, say)."""
        self._shown = {}

    def put(self, selector: str, content: object = None, show: bool | None = None) -> None:
        """Update one widget (None: only whether it shows) if either differs."""
        shown = self.__dict__.setdefault("_shown", {})
        key = (content, show)
        if shown.get(selector) == key:
            return
        shown[selector] = key
        widget = self.query_one(selector, Widget)  # type: ignore[attr-defined]
        if content is not None and isinstance(widget, Static):
            widget.update(content if isinstance(content, Text) else Text(str(content)))
        elif content is not None:
            widget.value = content  # a widget drawn from one reactive value (BigClock)
        if show is not None and widget.display != show:
            widget.display = show
