"""Asked once on `p` when people are still waiting: keep them waiting, or clear the queue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from roomtui.ui.screens.base import DismissOnceModal

KEEP = "keep"
CLEAR = "clear"


class PhaseQuestion(DismissOnceModal[str | None]):
    """Returns KEEP, CLEAR, or None (Escape: stay in this phase)."""

    DEFAULT_CSS = """
    PhaseQuestion { align: center middle; }
    PhaseQuestion > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $accent; padding: 1 2; background: $surface;
    }
    PhaseQuestion .keys { margin-top: 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("k", "answer('keep')", "Keep waiting", id="phase.keep"),
        Binding("c", "answer('clear')", "Clear the queue", id="phase.clear"),
        Binding("escape", "answer(None)", "Stay", id="phase.stay"),
    ]

    def __init__(self, next_phase: str, waiting: list[str]) -> None:
        super().__init__()
        self.next_phase = next_phase
        self.waiting = waiting
        self._answered = False

    def compose(self) -> ComposeResult:
        count = len(self.waiting)
        who = ", ".join(self.waiting[:4]) + (" …" if count > 4 else "")
        people = "1 person is" if count == 1 else f"{count} people are"
        with Vertical():
            yield Static(f"On to “{self.next_phase}”: {people} still waiting ({who}).",
                         classes="title", markup=False)
            yield Static("Keep them waiting into the next phase, or clear the queue? "
                         "u undoes either.", markup=False)
            yield Static("k  keep them waiting    c  clear the queue    Esc  stay",
                         classes="keys", markup=False)

    def action_answer(self, answer: str | None) -> None:
        if not self._answered:  # a second key before the screen closes does nothing
            self._answered = True
            self.dismiss(answer)
