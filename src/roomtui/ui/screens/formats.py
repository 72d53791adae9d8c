"""Choosing the group's meeting format, and copying one into an editable file.

The meeting that is running keeps the agenda it started with (its events hold it); a
choice here is for the group's next meeting. Broken format files are listed with the
line or setting at fault and are never written over.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from roomtui.formats.files import FormatError
from roomtui.meeting.text import shorten
from roomtui.meeting.timers import clock
from roomtui.session import not_saved
from roomtui.ui.screens.base import DismissOnceModal
from roomtui.ui.typed_app import InFacilitatorApp

HINT = "enter use next time · c copy to edit · l reload · b soft bell · escape back"


def describe_format(fmt: dict) -> Group:
    """A format's settings and agenda, as a facilitator reads them."""
    total = sum(p["planned_seconds"] for p in fmt["phases"])
    head = Text(no_wrap=False)
    head.append(fmt["name"], style="bold")
    head.append(f"   {clock(total)} planned · shares {clock(fmt['share_seconds'])} · "
                f"wrap-up cue {fmt['wrap_up_seconds']} s before the end", style="dim")
    parts: list = [head]
    if fmt.get("description"):
        parts.append(Text(fmt["description"], style="italic"))
    table = Table(box=None, show_header=True, header_style="dim", padding=(0, 1), expand=False)
    table.add_column("Phase", no_wrap=True, max_width=34, overflow="ellipsis")
    table.add_column("Minutes", justify="right")
    table.add_column("Share", justify="right")
    table.add_column("Rules")
    for phase in fmt["phases"]:
        rules = []
        if phase.get("round"):
            rules.append("round")
        rules.append("crosstalk" if phase.get("crosstalk", True) else "no crosstalk")
        share = phase.get("share_seconds")
        table.add_row(
            Text(phase["name"]),
            clock(phase["planned_seconds"]),
            clock(share) if share else "—",
            ", ".join(rules),
        )
    parts.append(table)
    where = fmt.get("file")
    parts.append(Text(f"group copy: {where}" if fmt.get("source") == "group" and where
                      else "shipped with roomtui (copy it with c to change it)", style="dim"))
    return Group(*parts)


def describe_errors(errors: list[FormatError]) -> Text:
    text = Text()
    if not errors:
        return text
    text.append(f"{len(errors)} format file(s) could not be used (left as they are):",
                style="bold")
    for err in errors:
        text.append("\n◆ " + str(err))
    return text


class FormatsScreen(InFacilitatorApp, DismissOnceModal[None]):
    """Pick the group's format for its next meeting; copy one to edit as a plain file."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the meeting", id="formats.back"),
        Binding("c", "copy", "Copy", tooltip="Copy the highlighted format into an editable file",
                id="formats.copy"),
        Binding("l", "reload", "Reload", tooltip="Read the format files again", id="formats.reload"),
        Binding("b", "bell", "Bell", tooltip="Soft bell at the wrap-up cue and at overtime",
                id="formats.bell"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="formats-body"):
            yield Static("", id="formats-title", markup=False)
            yield OptionList(id="formats-list")
            yield Static("", id="formats-errors", markup=False)
            with VerticalScroll(id="formats-detail-box"):
                yield Static("", id="formats-detail", markup=False)
            yield Input(id="formats-copy-name", placeholder="Name for the copy")
            yield Static("", id="formats-message", markup=False)
            yield Static(HINT, classes="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#formats-copy-name", Input).display = False
        self.show_formats()
        self.query_one(OptionList).focus()

    def show_formats(self, highlight: str | None = None) -> None:
        session = self.session
        chosen = session.chosen_format_name()
        title = Text()
        title.append(f"Meeting formats · {shorten(session.group['name'], 40)}\n", style="bold")
        title.append(f"This meeting follows “{shorten(session.state.format_name, 40)}”"
                     f" · soft bell {'on' if session.bell_on() else 'off'}", style="dim")
        self.query_one("#formats-title", Static).update(title)
        options = []
        for i, fmt in enumerate(session.formats):
            mark = "● " if fmt["name"] == chosen else "  "
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(mark + fmt["name"])
            label.append("   group copy" if fmt.get("source") == "group" else "   shipped",
                         style="dim")
            if fmt["name"] == chosen:
                label.append("   next meeting", style="italic")
            options.append(Option(label, id=str(i)))
        listing = self.query_one(OptionList)
        listing.set_options(options)
        names = [f["name"] for f in session.formats]
        target = highlight if highlight in names else chosen
        listing.highlighted = names.index(target) if target in names else 0
        self.query_one("#formats-errors", Static).update(describe_errors(session.format_errors))
        self.show_detail()

    def highlighted_format(self) -> dict | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return self.session.formats[int(option.id)]

    def show_detail(self) -> None:
        fmt = self.highlighted_format()
        detail = self.query_one("#formats-detail", Static)
        detail.update(describe_format(fmt) if fmt else "")

    def say(self, message: str) -> None:
        self.query_one("#formats-message", Static).update(message)

    @on(OptionList.OptionHighlighted, "#formats-list")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#formats-list")
    def _selected(self) -> None:
        fmt = self.highlighted_format()
        if fmt is None:
            return
        try:
            self.session.choose_format(fmt["name"])
        except OSError as err:
            self.say(not_saved(err))
            return
        self.show_formats(fmt["name"])
        self.say(f"The next meeting will follow “{fmt['name']}”. "
                 "This meeting keeps its agenda.")

    def action_copy(self) -> None:
        fmt = self.highlighted_format()
        if fmt is None:
            return
        field = self.query_one("#formats-copy-name", Input)
        field.value = fmt["name"] if fmt.get("source") == "shipped" else f"{fmt['name']} (copy)"
        field.display = True
        field.focus()
        self.say("Name the copy and press enter. The same name as a shipped format "
                 "replaces it for this group.")

    @on(Input.Submitted, "#formats-copy-name")
    def _copy_named(self, event: Input.Submitted) -> None:
        event.stop()
        fmt = self.highlighted_format()
        event.input.display = False
        self.query_one(OptionList).focus()
        if fmt is None:
            return
        try:
            copied, path = self.session.copy_format(fmt, event.value)
        except FormatError as err:
            self.say(f"Not copied: {err.message}")
            return
        except OSError as err:
            self.say(not_saved(err))
            return
        self.show_formats(copied["name"])
        self.say(f"Saved an editable copy: {path}  Edit it in any text editor, then "
                 "press l here (or restart). enter makes it the group's format.")

    def action_reload(self) -> None:
        self.session.reload_formats()
        self.show_formats()
        bad = len(self.session.format_errors)
        self.say(f"Read the format files again: {len(self.session.formats)} usable"
                 + (f", {bad} with problems (listed above)." if bad else "."))

    def action_bell(self) -> None:
        on = not self.session.bell_on()
        try:
            self.session.set_bell(on)
        except OSError as err:
            self.say(not_saved(err))
            return
        self.show_formats(self.highlighted_format()["name"] if self.highlighted_format() else None)
        self.say("Soft bell on: one soft bell at the wrap-up cue and one at overtime."
                 if on else "Soft bell off: the cues are silent (words and border only).")

    def action_back(self) -> None:
        field = self.query_one("#formats-copy-name", Input)
        if field.display:
            field.display = False
            self.query_one(OptionList).focus()
            self.say("Copy cancelled.")
            return
        self.dismiss(None)
