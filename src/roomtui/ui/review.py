"""``roomtui review``: past meetings, a search over their notes, a summary, delete.

A separate app from the facilitator's: it only reads (it never takes a group's writer
lock, so it can run while a meeting is open), lists from the index so 1,000 meetings
open as fast as 10, and refuses to delete a meeting that is still open.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from roomtui.meeting.text import shorten
from roomtui.meeting.timers import clock as fmt_clock
from roomtui.records import archive
from roomtui.records.export import to_json
from roomtui.session import Clock
from roomtui.storage import DamagedFile, locations, protect, recovery
from roomtui.ui.roomtui_app import RoomtuiApp
from roomtui.ui.screens.confirm import ConfirmScreen
from roomtui.ui.screens.summary import SummaryScreen
from roomtui.ui.typed_app import InReviewApp

#: Rows put in the table at a time. A table measures every row it holds, so 1,000
#: rows would make opening the review wait; ``m`` shows more, search reaches them all.
PAGE = 50


class ReviewScreen(InReviewApp, Screen[None]):
    """The list of meetings, newest first, with a search box over the notes."""

    AUTO_FOCUS = "#meetings"
    BINDINGS = [
        Binding("slash,f", "search", "Search", tooltip="Search the notes", key_display="/",
                id="review.search"),
        Binding("enter", "open", "Open", show=False, tooltip="Summary of the chosen meeting",
                id="review.open"),
        Binding("x,delete", "delete", "Delete", tooltip="Delete the chosen meeting (asks first)",
                id="review.delete"),
        Binding("m", "more", "More", tooltip=f"Show {PAGE} more meetings", id="review.more"),
        Binding("t", "trends", "Trends", tooltip="Charts of the chosen meeting's group", id="review.trends"),
        Binding("q", "app.quit", "Quit", tooltip="Close the review", id="review.quit"),
        Binding("escape", "to_list", "List", show=False, tooltip="From the search box to the list",
                id="review.to_list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listings: list[archive.Listing] = []
        self.shown: list[archive.Hit] = []
        self.limit = PAGE
        self.problem = ""  # why the list could not be read, shown instead of counts

    def compose(self) -> ComposeResult:
        yield Static("Past meetings  (private)", id="review-title")
        yield Input(id="search", placeholder="/ search notes (every word must match)")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=False)
        yield Static("", id="review-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Group", "Length", "People", "Notes", "")
        self.reload()
        table.focus()

    @property
    def root(self) -> Path:
        return self.app.root

    def say(self, message: str) -> None:
        self.query_one("#review-message", Static).update(message)

    def reload(self) -> None:
        self.problem = ""
        try:  # index.json is derived: damaged or stale, it is rebuilt (and said)
            self.problem = recovery.heal_index(self.root, self.app.clock()).sentence()
        except (OSError, DamagedFile):
            pass  # a read-only folder: listed as it is, below
        try:
            self.listings = archive.list_meetings(self.root)
            for item in self.listings:  # ready before the first keystroke in the search box
                item.row = protect.open_row(item.row, self.app.keys_of(item.row))
                item.haystack()
        except DamagedFile as err:
            self.listings = []
            self.problem = (f"The list of meetings cannot be read ({err.reason}); "
                            "it was left as it was.")
        self.filter(self.query_one(Input).value)

    def filter(self, query: str) -> None:
        hits = archive.search(self.listings, query)
        self.shown = hits[: self.limit]
        table = self.query_one(DataTable)
        table.clear()
        now = self.app.clock()
        for hit in self.shown:
            item = hit.listing
            row = item.row
            started = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.get("started_at") or 0))
            if item.damaged:
                status = Text(f"damaged: {item.damaged}", style="bold")
            elif hit.notes:
                status = Text(shorten(hit.notes[0].get("text", ""), 40), style="italic")
            else:
                status = Text("open" if item.is_open else "")
            table.add_row(
                Text(started),
                Text(shorten(str(row.get("group") or "?"), 24)),
                Text(fmt_clock(round(item.length(now))), justify="right"),
                Text(str(row.get("attended", "?")), justify="right"),
                Text(str(row.get("note_count", 0)), justify="right"),
                status,
                key=item.id,
            )
        count = len(hits)
        more = (f" Showing the newest {len(self.shown)}: m shows more."
                if len(hits) > len(self.shown) else "")
        if self.problem:
            self.say(self.problem)
        elif query.strip():
            self.say(f"{count} meeting{'s' if count != 1 else ''} with notes matching "
                     f"“{query.strip()}”.{more}")
        elif not self.listings:
            self.say("No meetings yet.")
        else:
            self.say(f"{count} meeting{'s' if count != 1 else ''}. Enter opens a summary.{more}")

    def action_more(self) -> None:
        self.limit += PAGE
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.filter(self.query_one(Input).value)
        table.move_cursor(row=row)

    def chosen(self) -> archive.Listing | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row].listing

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.limit = PAGE
        self.filter(event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_to_list(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.chosen()
        if item is None or not self.is_active:  # Enter twice: the summary is already open
            return
        if item.damaged:
            self.app.push_screen(SummaryScreen(None, item.damaged))
            return
        try:
            meeting = archive.load(self.root, item.id, keys=self.app.keys_of(item.row))
        except (DamagedFile, archive.NotFound) as err:
            reason = err.reason if isinstance(err, DamagedFile) else str(err)
            item.damaged = reason
            self.filter(self.query_one(Input).value)
            self.app.push_screen(SummaryScreen(None, reason))
            return
        self.app.push_screen(SummaryScreen(to_json(meeting, self.app.clock())))

    def action_trends(self) -> None:
        """The Trends view of the chosen meeting's group (the last used one if none)."""
        from roomtui.ui.screens.trends import TrendsScreen, last_group

        item = self.chosen()
        if item is not None and (item.row.get("group_id") or item.row.get("group")):
            found = (item.row.get("group_id"), str(item.row.get("group") or ""))
        else:
            found = last_group(self.root)
        if found is None:
            self.say("No group yet: the Trends view needs a group's meetings.")
            return
        self.app.push_screen(TrendsScreen(*found))

    def action_delete(self) -> None:
        item = self.chosen()
        if item is None:
            return
        if item.is_open and not item.damaged:
            self.say("This meeting is still open. End it in the facilitator app (e), "
                     "then delete it.")
            return
        started = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.row.get("started_at") or 0))

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("Nothing deleted.")
                return
            try:
                archive.delete(self.root, item.id)
            except (archive.StillOpen, archive.NotFound) as err:
                self.say(str(err))
                return
            self.reload()
            self.say(f"Deleted the meeting of {started}.")

        self.app.push_screen(
            ConfirmScreen(f"Delete the meeting of {started} for good?",
                          "Its events and notes are removed from this laptop. "
                          "This cannot be undone."),
            answered,
        )


class ReviewApp(RoomtuiApp[None]):
    """Browse past meetings. Read only, except a delete the facilitator confirms."""

    CSS_PATH = ["app.tcss", "review.tcss"]
    TITLE = "roomtui review"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit")]

    def __init__(self, root: Path, clock: Clock = time.time, log_path: Path | None = None,
                 keys: dict[str, protect.Keyring] | None = None) -> None:
        super().__init__(log_path)  # a crash's traceback (it could hold notes): the log only
        self.root = root
        self.clock = clock
        self.keys = keys or {}
        """Keys of the groups whose locked notes were unlocked (memory only)."""
        self.use_keymap(root)  # what was wrong with keys.toml is said on the live screen

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen())

    def keys_of(self, row: dict) -> protect.Keyring | None:
        """The keys for a meeting's group, if its notes were unlocked for this review."""
        return self.keys.get(row.get("group_id")) if isinstance(row.get("group_id"), str) else None


def build_review_app(data_dir: str | Path | None = None, clock: Clock = time.time,
                     keys: dict[str, protect.Keyring] | None = None) -> ReviewApp:
    """The review app on a data folder (the CLI and tests both use this).

    ``keys``: per group id, for groups whose notes are locked (others read as locked).
    """
    root = locations.data_dir(data_dir)
    return ReviewApp(root, clock, log_path=locations.log_file(root), keys=keys)


__all__ = ["ReviewApp", "build_review_app"]
