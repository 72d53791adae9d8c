"""One past meeting at a glance: agenda planned vs actual, talk time as bars, who never
got to speak, pauses and follow-ups, and the notes. Built from the export data, so the
screen and the Markdown report can never disagree. Every user text is a ``Text``.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from roomtui.meeting.notes import FOLLOW_UP
from roomtui.meeting.timers import clock
from roomtui.records.export import agenda_note
from roomtui.ui.screens.base import DismissOnceScreen

BAR_WIDTH = 24


def _heading(title: str) -> Text:
    return Text("\n" + title, style="bold")


def _bar(seconds: float, most: float, width: int = BAR_WIDTH) -> Text:
    """A bar in whole and eighth blocks; the figure beside it carries the meaning."""
    if most <= 0 or seconds <= 0:
        return Text("·", style="dim")
    eighths = max(1, round(seconds / most * width * 8))
    full, part = divmod(eighths, 8)
    return Text("█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part], style="cyan")


def summary_renderable(data: dict) -> Group:
    """The summary of one meeting (``data`` as ``export.to_json`` gives it)."""
    started = (data.get("started_at") or "")[:16].replace("T", " ")
    top = Text()
    top.append(data.get("group") or "", style="bold")
    top.append(f"  ·  {started}  ·  {clock(data['seconds'])}")
    top.append("  ·  still open" if not data.get("ended_at") else "")
    top.append(f"  ·  {data.get('attended', 0)} of {len(data['people'])} took part")
    top.append("\n" + (data.get("format") or ""), style="dim")
    parts: list = [top]

    agenda = Table(box=None, padding=(0, 2), show_edge=False, header_style="dim")
    agenda.add_column("Phase")
    agenda.add_column("Planned", justify="right")
    agenda.add_column("Actual", justify="right")
    for phase in data["phases"]:
        reached = phase["actual_seconds"] > 0
        agenda.add_row(
            Text(phase["name"], style="" if reached else "dim"),
            clock(phase["planned_seconds"]),
            clock(phase["actual_seconds"]) if reached else Text("not reached", style="dim"),
        )
    parts += [_heading("Agenda: planned and actual"), agenda]
    note = agenda_note(data)
    if note:
        parts.append(Text(note, style="italic"))

    talk = Table(box=None, padding=(0, 1), show_edge=False, show_header=False)
    talk.add_column(no_wrap=True, max_width=24)
    talk.add_column(width=BAR_WIDTH + 1, no_wrap=True)
    talk.add_column(justify="right", no_wrap=True)
    talk.add_column(no_wrap=True, style="dim")
    most = max((p["seconds"] for p in data["people"]), default=0)
    for person in data["people"]:
        turns = f"{person['turns']} turn{'s' if person['turns'] != 1 else ''}"
        if person.get("rounds"):
            turns += f", {person['rounds']} round turn{'s' if person['rounds'] != 1 else ''}"
        if person["passes"]:
            turns += f", {person['passes']} pass{'es' if person['passes'] != 1 else ''}"
        talk.add_row(Text(person["name"]), _bar(person["seconds"], most),
                     clock(person["seconds"]), turns)
    parts += [_heading("Talk time"), talk]

    quiet = data["not_spoken"]
    parts += [_heading("Did not share (a check-in turn is not a share)"),
              Text(", ".join(quiet) if quiet else "Everyone shared.")]

    follow = [n for n in data["notes"] if n["tag"] == FOLLOW_UP]
    pauses = data.get("pauses") or []
    lines = Text()
    for pause in pauses:
        flag = " · follow up privately" if pause.get("follow_up") else ""
        lines.append(f"{(pause.get('at') or '')[11:16]}  {pause.get('kind', 'care')} pause, "
                     f"{clock(pause.get('seconds', 0))}{flag}\n")
    for note in follow:
        lines.append("follow-up  ", style="bold")
        lines.append(note["text"] + "\n")
    lines.rstrip()
    parts += [_heading("Pauses and follow-ups"),
              lines if lines.plain else Text("None.", style="dim")]

    notes = Text()
    for note in data["notes"]:
        notes.append(f"{(note['at'] or '')[11:16]}  ", style="dim")
        notes.append(f"[{note['tag']}]", style="bold")
        notes.append(f"  {note['phase']}\n", style="dim")
        notes.append(f"  {note['text']}\n")
    notes.rstrip()
    parts += [_heading("Notes"), notes if notes.plain else Text("No notes.", style="dim")]
    return Group(*parts)


class SummaryScreen(DismissOnceScreen[None]):
    """A chosen meeting's summary; escape goes back to the list."""

    BINDINGS = [
        Binding("escape,backspace,q", "back", "Back", tooltip="Back to the list of meetings",
                id="summary.back"),
    ]

    def __init__(self, data: dict | None, damaged: str | None = None) -> None:
        super().__init__()
        self.data = data
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            if self.data is None:
                yield Static(
                    Text(f"This meeting's file cannot be read ({self.damaged}).\n"
                         "It has been left exactly as it was: move it aside or restore it "
                         "from a backup."),
                    id="summary-body",
                )
            else:
                yield Static(summary_renderable(self.data), id="summary-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

    def action_back(self) -> None:
        self.dismiss(None)
