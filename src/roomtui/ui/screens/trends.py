"""The review's Trends view: how a group is doing across its meetings, at a glance.

Four tabs, one chart each, so each fits a 24-line terminal: attendance (newcomers in ░),
length against the format's plan (┃), how evenly the air was shared, and talk time per
person across meetings. The last is private to the facilitator and a group can turn it
off (p), which is saved as the group's setting. The charts are text bars with the figure
beside them (roomtui/trends.py), so they read the same with colour off.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static, TabbedContent, TabPane

from roomtui.meeting.timers import clock
from roomtui.records import trends
from roomtui.storage import DamagedFile, GroupBook, locations
from roomtui.ui.screens.base import DismissOnceScreen
from roomtui.ui.typed_app import InReviewApp

TABS = ("attendance", "length", "air", "people")
LABEL = 15  # "2026-11-25 Wed "


class TrendsScreen(InReviewApp, DismissOnceScreen[None]):
    """One group's charts; escape goes back to the list of meetings."""

    CSS_PATH = Path(__file__).parent.parent / "trends.tcss"
    BINDINGS = [
        Binding("escape,backspace,q", "back", "Back", tooltip="Back to the list of meetings",
                id="trends.back"),
        Binding("1", "tab('attendance')", "Attendance", show=False,
                tooltip="Attendance per meeting, newcomers marked", id="trends.attendance"),
        Binding("2", "tab('length')", "Length", show=False,
                tooltip="Meeting length against the format's plan", id="trends.length"),
        Binding("3", "tab('air')", "Air", show=False, tooltip="How evenly the air was shared",
                id="trends.air"),
        Binding("4", "tab('people')", "People", show=False,
                tooltip="Talk time per person across meetings (private)", id="trends.people"),
        Binding("p", "toggle_people", "Per person on/off",
                tooltip="Show or hide talk time per person for this group (saved)", id="trends.per_person"),
    ]

    def __init__(self, group_id: str | None, group_name: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.group_name = group_name
        self.data = trends.Trends(group_name, [])

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Trends · {self.group_name}  (private)"), id="trends-title")
        with TabbedContent(initial="attendance", id="trends-tabs"):
            for tab, title in zip(TABS, ("1 Attendance", "2 Length", "3 Air", "4 People"), strict=False):
                with TabPane(title, id=tab):
                    with VerticalScroll(classes="trends-chart"):
                        yield Static("", id=f"chart-{tab}")
        yield Static("", id="trends-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.data = trends.group_trends(self.app.root, self.group_id, self.group_name)
        except DamagedFile as err:
            self.say(f"The list of meetings cannot be read ({err.reason}); it was left as it "
                     "was.")
            self.redraw()
            return
        shown = len(self.data.points)
        total = len(self.data.meetings)
        if not total:
            self.say("No ended meetings of this group yet.")
        elif shown < total:
            self.say(f"The latest {shown} of {total} meetings. 1-4 choose a chart.")
        else:
            self.say(f"{total} meeting{'s' if total != 1 else ''}. 1-4 choose a chart.")
        self.redraw()
        self.action_tab("attendance")

    def on_resize(self) -> None:
        self.redraw()

    def say(self, message: str) -> None:
        self.query_one("#trends-message", Static).update(message)

    @property
    def bar_width(self) -> int:
        """Room for the bars between the date and the figure."""
        return max(10, min(60, self.size.width - LABEL - 28))

    def people_on(self) -> bool:
        """The group's choice; off while the groups file cannot be read (it is private)."""
        try:
            group = self._group()
        except DamagedFile:
            return False
        settings = (group or {}).get("settings") or {}
        return settings.get(trends.PEOPLE_SETTING, True) is not False

    def _group(self) -> dict | None:
        path = locations.groups_file(self.app.root)
        if not self.group_id or not path.exists():
            return None
        return GroupBook(path, readonly=True).get(self.group_id)

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        width = self.bar_width
        points = self.data.points
        self.query_one("#chart-attendance", Static).update(self.attendance(points, width))
        self.query_one("#chart-length", Static).update(self.length(points, width))
        self.query_one("#chart-air", Static).update(self.air(points, width))
        self.query_one("#chart-people", Static).update(self.people(width))

    # -- the charts ------------------------------------------------------------------------
    @staticmethod
    def _table() -> Table:
        table = Table(box=None, padding=(0, 1), show_edge=False, show_header=False)
        table.add_column(no_wrap=True, width=LABEL - 1)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        return table

    def attendance(self, points: list[trends.Point], width: int):
        head = Text.assemble(("Attendance per meeting", "bold"),
                             "   █ returning   ░ first meeting")
        if not points:
            return head
        table = self._table()
        for label, back, new, figure in trends.attendance_lines(points, width):
            table.add_row(label, Text.assemble((back, "cyan"), (new, "yellow")), figure)
        return _stack(head, table)

    def length(self, points: list[trends.Point], width: int):
        head = Text.assemble(("Length against the plan", "bold"), "   ┃ the format's plan")
        if not points:
            return head
        most = max(max(p.minutes for p in points), max(p.planned for p in points), 1)
        table = self._table()
        for p in points:
            bar, figure = trends.length_line(p, most, width)
            drawn = Text(bar, style="cyan")
            if "┃" in bar:
                drawn.stylize("bold yellow", bar.index("┃"), bar.index("┃") + 1)
            table.add_row(f"{p.date} {p.weekday}", drawn, figure)
        return _stack(head, table)

    def air(self, points: list[trends.Point], width: int):
        head = Text.assemble(("How evenly the air was shared", "bold"), "\n",
                             (trends.AIR_EXPLAINED, "dim"))
        if not points:
            return head
        table = self._table()
        for p in points:
            bar, figure = trends.air_line(p, width)
            drawn = Text(bar, style="cyan")
            if p.air is not None:  # the track to 100%, so a bar reads as a share
                drawn.append("·" * (width - len(bar)), style="dim")
            table.add_row(f"{p.date} {p.weekday}", drawn, figure)
        return _stack(head, table)

    def people(self, width: int):
        head = Text.assemble(("Talk time per person, across these meetings", "bold"),
                             "   private: never in a report")
        if not self.people_on():
            return _stack(head, Text("Turned off for this group. p turns it on.", style="dim"))
        rows = trends.talk_by_person(self.data.meetings[-trends.LIMIT:])
        if not rows:
            return head
        table = Table(box=None, padding=(0, 1), show_edge=False, show_header=False)
        table.add_column(no_wrap=True, max_width=LABEL - 1)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, justify="right")
        table.add_column(no_wrap=True, style="dim")
        most = max(r.seconds for r in rows)
        for r in rows:
            table.add_row(Text(r.name), Text(trends.blocks(r.seconds, most, width - 8),
                                             style="cyan"),
                          clock(r.seconds), f"spoke at {r.spoke} of {r.meetings}")
        return _stack(head, table, Text("p hides this view for this group.", style="dim"))

    # -- keys ------------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        """Show a chart, with the keys on it (up, down, page keys scroll a long one)."""
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab} VerticalScroll", VerticalScroll).focus()

    def action_toggle_people(self) -> None:
        path = locations.groups_file(self.app.root)
        try:
            if not self.group_id or not path.exists() or self._group() is None:
                self.say("This group no longer exists, so there is no setting to change.")
                return
            on = not self.people_on()

            def put(group: dict) -> dict:
                return {"settings": {**(group.get("settings") or {}), trends.PEOPLE_SETTING: on}}

            GroupBook(path).modify(self.group_id, put)
        except DamagedFile as err:
            self.say(f"The groups file cannot be read ({err.reason}); it was left as it was.")
            return
        except OSError as err:
            self.say(f"Could not save ({err.strerror or err}). Nothing was changed.")
            return
        self.say("Talk time per person is shown for this group." if on
                 else "Talk time per person is turned off for this group.")
        self.action_tab("people")
        self.redraw()

    def action_back(self) -> None:
        if self.app.screen is self:  # a second escape in flight finds the list already
            self.dismiss(None)


def last_group(root) -> tuple[str, str] | None:
    """The last used group's id and name (for the Trends view with no meeting chosen)."""
    path = locations.groups_file(root)
    if not path.exists():
        return None
    book = GroupBook(path, readonly=True)
    group = book.get(book.last_used() or "")
    return (group["id"], str(group["name"])) if group else None


def _stack(*parts) -> Group:
    return Group(*parts)
