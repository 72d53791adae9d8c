"""The command palette (ctrl+p) of the facilitator and review apps, steady under key bursts.

Textual's ``CommandPalette`` stopped the app (exit 70) under key bursts in these ways
(found by the monkey test and the issue 19 report; Textual 8.2.8):

1. **Enter twice** (or Enter held) runs its close twice: the second ``dismiss`` pops
   the screen below (``ScreenStackError``, exit 70), and the chosen command runs twice.
   The shared dismiss-once base (ui/screens/base.py) covers the first; the handlers below
   drop a selection that arrives while the palette is already closing.

2. **PageUp / PageDown while the list is being rebuilt** raise ``KeyError: 0`` from
   ``OptionList._move_page``: it looks the highlighted option up in ``_index_to_line``,
   which ``_update_lines`` only fills once the list has a size. The palette hides its
   list while a search runs and shows it again with ``highlighted = 0`` when results
   come in; a page key handled before the next layout finds the list with no size and
   an empty line map. ``ctrl+p`` and ``pageup`` in one burst is enough. Minimal
   reproduction, with nothing of roomtui::

       class A(App):
           def compose(self):
               yield OptionList(*[f"option {i}" for i in range(30)])

       async with A().run_test() as pilot:
           ol = pilot.app.query_one(OptionList)
           ol.display = False
           await pilot.pause()                     # laid out hidden: no size
           ol.clear_options().add_options([f"new {i}" for i in range(30)])
           ol.highlighted = 0
           ol.display = True                       # shown, not laid out yet
           ol.action_page_up()                     # KeyError: 0

   The workaround: the page keys are bound here to an action that pages the list only
   once it has a size (else once more after the next refresh, else not at all).

3. **Closed before it mounted, or opened as the app quits** (ctrl+p with Escape or
   ctrl+q right behind): its mount starts a search that finds its list already removed
   (``NoMatches: CommandList``). ``on_mount`` and ``open_palette`` below skip it then,
   and a letter typed behind a closing palette starts no search.

4. **Typed into before its providers have started**, it finds nothing for as long as it
   stays open (found while looking into a palette test that failed under load; that
   failure was the test's own, but this one is real for any provider whose ``startup``
   takes a moment, which a loaded laptop can make of any). Each provider
   runs ``startup`` in a task, and every search first awaits that task. The first
   keystroke cancels the running search, and cancelling a task that awaits another task
   cancels that one too: the startup is cancelled, the provider is never marked ready,
   and every later search of this palette yields nothing. Minimal reproduction, with
   nothing of roomtui (a slow startup stands in for a loaded machine)::

       class SlowStart(SystemCommandsProvider):
           async def startup(self):
               await asyncio.sleep(0.3)

       class A(App):
           COMMANDS = {SlowStart}

       async with A().run_test() as pilot:
           await pilot.press("ctrl+p", *"quit")
           await pilot.pause(2)                    # the list stays empty; without
                                                   # the sleep it shows "Quit"

   The workaround: what is typed before the palette's first search has finished (it
   then has the class ``-ready``, and every provider has started) waits, and is
   searched for, as typed by then, once it has.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.events import Mount
from textual.message import Message
from textual.widgets import Button, Input, LoadingIndicator, OptionList

from roomtui.ui.screens.base import DismissOnce


class SteadyCommandList(CommandList):
    """The palette's list, paged only once it has lines to page.

    The palette's own page keys (``command_list('page_up')``) still reached the list
    before it was laid out, under load (the monkey, seed 496695: KeyError 0 and 1 from
    ``OptionList._move_page``, whichever binding came first). So the list itself
    refuses: a page key on a list with no size, or with no line for its highlighted
    option yet, pages nothing (the next key, once it is drawn, does)."""

    def action_page_up(self) -> None:
        self._page_safely(super().action_page_up)

    def action_page_down(self) -> None:
        self._page_safely(super().action_page_down)

    def _page_safely(self, page) -> None:  # type: ignore[no-untyped-def]
        if not self.option_count or not self.scrollable_content_region:
            return
        try:
            page()
        except KeyError:  # laid out, but its line map not yet rebuilt (Textual 8.2.8)
            pass


class Palette(DismissOnce, CommandPalette):
    """Textual's command palette, closing once and paging only a list it has drawn."""

    def __init__(self, placeholder: str = "Search for commands…", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(placeholder=placeholder, **kwargs)
        self.placeholder_text = placeholder
        self.typed_early = False  # typed into before the first search ended (4. above)

    def compose(self) -> ComposeResult:
        """Textual's own layout, with the steady list (SteadyCommandList above)."""
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self.placeholder_text, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield SteadyCommandList()
                yield LoadingIndicator()

    BINDINGS = [
        # priority: checked before Textual's own page keys of the palette, which page the
        # list at once (the monkey, seed 19, still met KeyError: 0 through those)
        Binding("pageup", "page(-1)", "Previous page", show=False, priority=True, id="palette.previous_page"),
        Binding("pagedown", "page(1)", "Next page", show=False, priority=True, id="palette.next_page"),
    ]

    def action_page(self, direction: int) -> None:
        if not self._page(direction):
            self.call_after_refresh(self._page, direction)  # drawn by then, or not paged

    def _page(self, direction: int) -> bool:
        lists = self.query(CommandList)
        if self.closing or not lists:
            return True  # closed meanwhile (a retry after the refresh): nothing to page
        commands = lists.first()
        if not commands.option_count or not commands.scrollable_content_region:
            return False  # not laid out: Textual would raise KeyError (see above)
        if direction < 0:
            commands.action_page_up()
        else:
            commands.action_page_down()
        return True

    @on(Input.Submitted)
    @on(Input.Changed)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _closing(self, event: Message) -> None:
        """Once closing, the palette's own handlers (run after these) are skipped: a
        second Enter does not run the command again, and a letter typed behind it does
        not start a search that finds the list already gone (NoMatches: CommandList)."""
        if self.closing:
            event.stop()
            event.prevent_default()

    @on(Input.Changed)
    def _wait_for_providers(self, event: Input.Changed) -> None:
        """Typed into before the first search has finished: held, and searched for once
        it has (cancelling that search now would cancel the providers' startup)."""
        if self.closing or self.has_class("-ready"):
            return
        event.stop()
        event.prevent_default()
        if not self.typed_early:
            self.typed_early = True
            self.set_timer(0.05, self._search_typed_early)

    def _search_typed_early(self) -> None:
        if self.closing or not self.is_attached:
            return
        if not self.has_class("-ready"):
            self.set_timer(0.05, self._search_typed_early)
            return
        typed = self.query_one(CommandInput)
        self.post_message(Input.Changed(typed, typed.value))

    def on_mount(self, event: Mount) -> None:
        """Closed before it was even mounted (ctrl+p and Escape at once), or the app is
        quitting: Textual's own mount would start a search of a palette being removed,
        and look for the screen it was called from below the top of a stack it is no
        longer in."""
        if self.closing or self.app.return_code is not None:
            event.prevent_default()


def open_palette(app) -> None:  # type: ignore[no-untyped-def]
    """What ctrl+p does in our apps: Textual's ``action_command_palette``, with ``Palette``,
    and not once the app is quitting (ctrl+q then ctrl+p: the palette's search ran while
    the app took its screens down, NoMatches: CommandList; found by the monkey, seed 19)."""
    if app.return_code is not None:  # exit() has been called
        return
    if not app.use_command_palette or CommandPalette.is_open(app):
        return
    if any(isinstance(screen, CommandPalette) for screen in app.screen_stack):
        return  # the last one is still closing (ctrl+p, Escape, ctrl+p in one burst)
    # No id: Textual gives its palette the id "--command-palette", and one opened while
    # the last was still being taken down met it (DuplicateIds, exit 70; the monkey,
    # seed 19). ``CommandPalette.is_open`` looks at a class, not the id.
    app.push_screen(Palette())
