"""Quiet mode: choose a prompt, then a calm full screen with no names, queue or notes.

Any key returns to the live view, which nothing in quiet mode changes.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roomtui.meeting import care
from roomtui.meeting.care import Quiet
from roomtui.ui.screens.base import DismissOnceModal, DismissOnceScreen
from roomtui.ui.screens.library import LibraryEditor
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.calm import QuietFigure

TIMER_CHOICES = (None, 60, 120, 180, 300)


def timer_words(seconds: int | None) -> str:
    return "off" if seconds is None else f"{seconds // 60} min"


class QuietChooser(InFacilitatorApp, DismissOnceModal[dict | None]):
    """The group's prompt library; the current phase's prompt comes first selected."""

    BINDINGS = [
        Binding("t", "timer", "Timer", tooltip="Silent timer for a moment of silence", id="quiet.timer"),
        Binding("e", "edit", "Edit", tooltip="Edit the group's prompts", id="quiet.edit"),
        Binding("escape", "cancel", "Cancel", tooltip="Back to the meeting", id="quiet.close"),
    ]

    def __init__(self, preselect: str | None = None) -> None:
        super().__init__()
        self.preselect = preselect
        self.timer_index = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-body"):
            yield Static("Quiet mode: choose a prompt", classes="title", markup=False)
            yield OptionList(id="chooser-list")
            yield Static("", id="chooser-timer", markup=False)
            yield Static("Enter begins   t silent timer   e edit prompts   escape back",
                         classes="keys", markup=False)

    @property
    def prompts(self) -> list[dict]:
        return care.prompts_of(self.session.group)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        prompts = self.prompts
        listing = self.query_one(OptionList)
        options = []
        for i, prompt in enumerate(prompts):
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(care.KIND_TITLES[prompt["kind"]], style="bold")
            label.append("  " + prompt["text"], style="dim")
            options.append(Option(label, id=str(i)))
        listing.set_options(options)
        ids = [p["id"] for p in prompts]
        if prompts:
            listing.highlighted = ids.index(self.preselect) if self.preselect in ids else 0
        listing.focus()
        self.query_one("#chooser-timer", Static).update(
            f"Silent timer for a moment of silence: {timer_words(self.seconds)}"
        )

    @property
    def seconds(self) -> int | None:
        return TIMER_CHOICES[self.timer_index]

    def action_timer(self) -> None:
        self.timer_index = (self.timer_index + 1) % len(TIMER_CHOICES)
        self.show()

    def action_edit(self) -> None:
        session = self.session
        editor = LibraryEditor(
            "Quiet prompts: edit, reorder, add (like the selected one), remove",
            self.prompts,
            lambda items: session.update_group(prompts=items),
            prompts=True,
            highlight=self.query_one(OptionList).highlighted or 0,
        )
        self.app.push_screen(editor, lambda _: self.show())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        prompts = self.prompts
        if event.option_index < len(prompts):
            prompt = prompts[event.option_index]
            seconds = self.seconds if prompt["kind"] == "moment-of-silence" else None
            self.dismiss({"prompt": prompt, "seconds": seconds})

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuietScreen(InFacilitatorApp, DismissOnceScreen[str]):
    """The calm screen. Returns the key that ended it (``!`` goes on to a care pause)."""

    def __init__(self, quiet: Quiet) -> None:
        super().__init__()
        self.quiet = quiet

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiet-scroll"):
            with Vertical(id="quiet-body"):
                yield Static(care.KIND_TITLES.get(self.quiet.kind, ""), id="quiet-title",
                             markup=False)
                yield Static(Text(self.quiet.text, justify="center"), id="quiet-text",
                             markup=False)
                yield QuietFigure(self.quiet, id="quiet-figure")
        yield Static("any key returns to the meeting", id="quiet-keys", markup=False)

    def on_mount(self) -> None:
        self.tick()
        # Four times a second keeps the breathing bar smooth; the words change far slower.
        self.set_interval(0.25 if self.quiet.kind in care.BREATH_PATTERNS else 1.0, self.tick)

    def tick(self) -> None:
        self.query_one(QuietFigure).now = self.session.now()

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(event.key)


class CarePauseScreen(InFacilitatorApp, DismissOnceScreen[None]):
    """Every timer is frozen; the room sees a neutral grounding prompt and no names."""

    BINDINGS = [
        Binding("enter,exclamation_mark", "leave", "Go on", key_display="Enter",
                tooltip="End the care pause: every timer resumes where it stood", id="care.go_on"),
    ]

    def compose(self) -> ComposeResult:
        pause = self.session.state.care_pause
        since = time.strftime("%H:%M", time.localtime(pause.started_at)) if pause else ""
        yield Static(Text(f"❚❚ Care pause since {since} · every timer is paused"),
                     id="care-head", markup=False)
        with Vertical(id="care-body"):
            yield Static(Text("\n\n".join(care.CARE_PROMPT), justify="center"),
                         id="care-text", markup=False)
        yield Static("Enter or ! when the group is ready to go on", id="care-keys",
                     markup=False)

    def action_leave(self) -> None:
        self.dismiss(None)
