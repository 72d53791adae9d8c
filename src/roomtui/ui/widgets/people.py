"""Per person: turns, talk time, and whether they have spoken yet. Facilitator's eyes only."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from roomtui.meeting.state import PersonStats
from roomtui.meeting.text import name_key, shorten
from roomtui.meeting.timers import clock


class PeopleTable(DataTable):
    """Private figures for the facilitator; never shown on the room or browser views."""

    def on_mount(self) -> None:
        self.cursor_type = "none"
        self.zebra_stripes = False

    def show(self, stats: list[PersonStats], speaking: str | None,
             first_time: frozenset[str] = frozenset()) -> None:
        rows = []
        name_width = max(8, min(30, (self.size.width or 60) - 24))
        for s in stats:
            mark = "▸ " if s.name == speaking else ("  " if s.has_spoken else "○ ")
            new = name_key(s.name) in first_time
            name = Text(mark + shorten(s.name, name_width - (7 if new else 0)), no_wrap=True,
                        overflow="ellipsis")
            if new:  # first meeting: welcome them (private, like the whole table)
                name.append(" ✦ new", style="italic")
            if not s.has_spoken:
                turns = Text("not yet", style="italic")
            else:
                turns = Text(str(s.turns))
            if s.rounds:
                turns.append(f" +{s.rounds} round", style="dim")
            if s.passes:
                turns.append(f" +{s.passes} pass", style="dim")
            if s.name == speaking:
                # The live figure is in the big timer; a cell ticking here every second
                # would redraw the whole table each second for nothing (see make bench).
                time = Text("speaking", style="italic")
            else:
                time = Text(clock(s.seconds) if s.seconds or s.has_spoken else "—")
            rows.append((name, turns, time))
        plain = [(r[0].plain, r[1].plain, r[2].plain) for r in rows]
        shown = getattr(self, "_shown", None)
        if plain == shown:
            return
        if shown is not None and [r[0] for r in shown] == [r[0] for r in plain]:
            # Same people: touch only the cells that changed (the speaker's time, mostly).
            for y, (old_row, new_row) in enumerate(zip(shown, plain, strict=False)):
                for x, (before, after) in enumerate(zip(old_row, new_row, strict=False)):
                    if before != after:
                        self.update_cell_at((y, x), rows[y][x], update_width=True)
        else:
            self.clear(columns=True)
            self.add_column("Name", key="name")
            self.add_column("Turns", key="turns")
            self.add_column("Time", key="time")
            for row in rows:
                self.add_row(*row)
        self._shown = plain
