"""The speaking queue, in order, with positions. The highlighted row is 'the selected person'."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roomtui.meeting.state import DIRECT, Entry
from roomtui.meeting.text import shorten


class QueueList(OptionList):
    """Shows the queue; keeps the selection on the same person as the queue changes."""

    def show(self, entries: list[Entry], spoken: set[str]) -> None:
        selected = self.selected_entry()
        wanted = [(e.id, e.name, e.kind, e.name in spoken) for e in entries]
        if wanted == getattr(self, "_shown", None):
            return
        self._shown = wanted
        width = max(8, self.size.width - 12) if self.size.width else 40
        options = []
        for pos, entry in enumerate(entries, start=1):
            text = Text(no_wrap=True, overflow="ellipsis")
            text.append(f"{pos:>2}  ", style="dim")
            if entry.kind == DIRECT:
                text.append("↪ ", style="bold")
            text.append(shorten(entry.name, width))
            if entry.kind == DIRECT:
                text.append("  direct", style="italic dim")
            if entry.name not in spoken:
                text.append("  ○", style="dim")
            options.append(Option(text, id=str(entry.id)))
        self.set_options(options)
        if not options:
            return
        ids = [str(e.id) for e in entries]
        if selected is not None and str(selected) in ids:
            self.highlighted = ids.index(str(selected))
        elif self.highlighted is None or self.highlighted >= len(options):
            self.highlighted = 0

    def selected_entry(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    def select_entry(self, entry_id: int) -> None:
        for i in range(self.option_count):
            if self.get_option_at_index(i).id == str(entry_id):
                self.highlighted = i
                return
