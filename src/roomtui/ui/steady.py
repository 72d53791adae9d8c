"""What every roomtui app does to stay steady under a burst of keys (issue 19).

Mixed in before ``App`` by the facilitator, review and viewer apps:

- ctrl+p opens our ``Palette`` (ui/palette.py), which closes once and pages safely, and
  so does the colour chooser;
- once the app is quitting, keys are dropped: ``e`` ``y`` ``f`` pressed at once ended the
  meeting and then opened the formats screen while the app took its screens down
  (NoMatches in its mount, exit 70; found by the monkey). A key already queued when
  ``exit`` is called would otherwise still open screens;
- a plain SIGSTOP/SIGCONT leaves the app as it was (ui/stopcont.py).
"""

from __future__ import annotations

from textual import events

from roomtui.ui.palette import open_palette
from roomtui.ui.stopcont import forward_sigcont_after_suspend


class SteadyApp:
    """A mixin for ``App`` subclasses (``class FacilitatorApp(SteadyApp, App[None])``)."""

    def on_mount(self) -> None:
        """Runs with the app's own ``on_mount`` (Textual calls each class's handler)."""
        forward_sigcont_after_suspend()

    def action_command_palette(self) -> None:
        """ctrl+p: our palette, steady under key bursts (see ui/palette.py)."""
        open_palette(self)

    def search_themes(self) -> None:
        """The colour chooser ("Colours" in the palette) is our steady palette too: Textual
        pushes its plain one, whose list a page key met before it was laid out
        (KeyError from OptionList._move_page; the monkey, seed 942835)."""
        from textual.theme import ThemeProvider

        from roomtui.ui.palette import Palette

        if self.quitting:
            return
        self.push_screen(  # type: ignore[attr-defined]
            Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    @property
    def quitting(self) -> bool:
        """``exit`` has been called: the app is on its way out."""
        return self.return_code is not None  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.quitting:
            return  # a key queued behind the one that quit opens nothing any more
        await super().on_event(event)  # type: ignore[misc]
