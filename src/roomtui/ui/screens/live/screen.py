"""The facilitator's live screen: who speaks now, who is next, where the meeting stands."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from roomtui.meeting import Refused, describe
from roomtui.meeting import names as matcher
from roomtui.meeting.phases import near_close, not_shared_yet, round_complete, round_offer
from roomtui.meeting.text import shorten
from roomtui.meeting.timers import CueBell
from roomtui.ui.keymap import LIVE_KEYS
from roomtui.ui.screens.live.care_keys import CareKeys
from roomtui.ui.screens.live.groups import GroupActions
from roomtui.ui.screens.live.serve import ServeNotices
from roomtui.ui.typed_app import InFacilitatorApp
from roomtui.ui.widgets.calm import ReminderCard
from roomtui.ui.widgets.hands import AUTO_ACCEPT, HandsBar
from roomtui.ui.widgets.notebar import NoteBar
from roomtui.ui.widgets.people import PeopleTable
from roomtui.ui.widgets.prompt import PromptBar
from roomtui.ui.widgets.queue import QueueList
from roomtui.ui.widgets.sayline import SayLine
from roomtui.ui.widgets.speaker import SpeakerPanel, SpeakerView
from roomtui.ui.widgets.topbar import TopBar, TopView

# The screens these keys open are imported where they are opened (here, in live_groups.py
# and in care_keys.py): the first frame should not wait for screens nobody asked for.


class LiveScreen(GroupActions, CareKeys, ServeNotices, InFacilitatorApp, Screen):
    """Every action is one key; every action is on disk before the screen shows it."""

    BINDINGS = [key.binding() for key in LIVE_KEYS if key.keys]

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield SpeakerPanel(id="speaker")
        yield ReminderCard(id="reminder")
        with Horizontal(id="body"):
            with Vertical(id="queue-box"):
                yield Static("Queue", classes="heading")
                yield QueueList(id="queue")
            with Vertical(id="people-box"):
                yield Static("People  (private · ○ not spoken yet)", classes="heading")
                yield Static("", id="closing", markup=False)
                yield PeopleTable(id="people")
        yield SayLine(id="message")
        yield HandsBar(self.session.root, self.session.group["id"],
                       self.session.raised_hands, id="hands")
        yield PromptBar(id="prompt")
        yield NoteBar(id="notebar")
        yield Footer()

    def on_mount(self) -> None:
        self.ticker = self.set_interval(1.0, self.refresh_view)
        if self.app.quitting:  # ctrl+q while starting: the widgets may be gone already
            return
        self.begin()

    async def start_over(self, notice: str = "") -> None:
        """Show the app's (new) session: after switching group, the same screen is
        composed afresh (it is the app's first screen, so it is never swapped out);
        ``notice`` is said first."""
        self.ticker.pause()  # no tick, and no key, while the widgets are being replaced
        self.starting_over = True
        try:
            await self.recompose()
            self.begin(notice)
            self.query_one(QueueList).focus()  # the keys work at once, the footer lists them
            self.app.refresh_bindings()
        finally:
            self.starting_over = False
            self.ticker.resume()

    starting_over = False

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return not self.starting_over

    def begin(self, notice: str = "") -> None:
        """Everything a freshly composed screen does once, for the app's session."""
        self.query_one(PromptBar).display = False
        self.query_one(NoteBar).display = False
        session = self.session
        self.bell = CueBell()
        self._drawn: tuple | None = None  # (log length, sizes) the lists were drawn at
        lines = list(getattr(session, "notices", []))  # what storage mended (recovery.py)
        if session.format_note:
            lines.append(session.format_note)
        if session.format_errors:
            files = ", ".join(e.path.name for e in session.format_errors if e.path)
            lines.append(f"Format file not usable ({files}): press f to see why.")
        if session.resumed and not getattr(session, "healed", False):
            lines.append("Resumed where you left off. Everything was saved.")
        if getattr(self.app, "keymap_note", ""):
            lines.append(self.app.keymap_note)
        if session.purged is not None and session.purged.removed:
            days = session.group.get("settings", {}).get("retention_days")
            lines.append(f"Group retention: {session.purged.sentence(days)}")
        if not lines and not session.state.begun:  # set-up time: no clock runs yet
            if not notice:  # after a group switch, one line only
                lines.append("Set up at ease: a adds to the queue, w who's here, R the "
                             "roster. b begins the meeting.")
        elif not lines and session.state.phase.prompt:  # a fresh start, nothing else to say
            lines.append(f"Welcome.{self.prompt_offer()}")
        self.opening(([notice] if notice else []) + lines)
        self.refresh_view()
        self.call_after_refresh(self.refresh_view)  # again once widths are known
        self.resume_calm_screens()

    # -- showing -------------------------------------------------------------------
    def say(self, message: str) -> None:
        """A quiet line under the queue; never a pop-up, never a bell."""
        self.query_one("#message", SayLine).say(message)

    def refresh_view(self) -> None:
        if self.app.quitting:  # on the way out: nothing to draw, and widgets may be gone
            return
        session = self.session
        state = session.state
        now = session.now()
        self.query_one(TopBar).view = TopView.of(state, now, begin_hint=self.begin_hint)
        view = SpeakerView.of(state, now, offer=round_offer(state))
        self.query_one(SpeakerPanel).view = view
        current, reading = state.current, view.reading
        self.query_one(ReminderCard).text = state.reminder
        if self.bell.due(current, reading) and session.bell_on():
            self.app.bell()
        self.show_closing(now)
        queue, people = self.query_one(QueueList), self.query_one(PeopleTable)
        drawn = (len(session.meeting.events), queue.size, people.size)
        if self._drawn == drawn:
            return  # only the clock moved: the queue and the people table show no clock
        self._drawn = drawn
        stats = list(state.stats(now).values())
        spoken = {s.name for s in stats if s.has_spoken}
        queue.show(state.queue, spoken)
        people.show(stats, current.name if current else None, self.first_timers())

    def show_closing(self, now: float) -> None:
        """Near the close, privately: who has not shared yet, in seat order."""
        state = self.session.state
        closing = self.query_one("#closing", Static)
        waiting = not_shared_yet(state) if near_close(state, now) else []
        if closing.display != bool(waiting):  # setting it at all re-lays the screen out
            closing.display = bool(waiting)
        if waiting:
            names = ", ".join(shorten(n, 20) for n in waiting)
            closing.update(f"Near the close, not shared yet: {names}")

    # -- acting --------------------------------------------------------------------
    def act(self, make: Callable[[float], dict], done: str | Callable[[], str] = "") -> bool:
        """Decide, make durable, then show. A refusal or a failed save changes nothing."""
        changed, problem = self.session.attempt(make)
        if problem:
            self.say(problem)
        elif changed:
            self.say(done() if callable(done) else done)
        if changed:
            self.refresh_view()
        return changed

    def selected(self) -> int | None:
        return self.query_one(QueueList).selected_entry()

    @property
    def begin_hint(self) -> str:
        """ "b begins", with the key keys.toml gave it."""
        keys = getattr(self.app, "keymap_overrides", {}).get("begin", "b")
        return f"{keys.split(',')[0]} begins"

    def action_begin(self) -> None:
        if self.session.state.begun:
            self.say("The meeting has already begun.")
            return
        self.begin_meeting()

    def begin_meeting(self) -> bool:
        """Set-up is over: the meeting and its first phase begin (b, or the first n, r,
        p, m or !). True when the meeting is (now) under way."""
        state = self.session.state
        if state.begun or not state.is_open:
            return True

        def done() -> str:
            return f"The meeting has begun: {self.session.state.phase.name}.{self.prompt_offer()}"

        return self.act(self.session.meeting.begin, done)

    def action_add(self) -> None:
        self.query_one(PromptBar).ask("add", "Add to queue:", self.session.roster(),
                                      people=self.pickable())

    def pickable(self) -> list[tuple[int, str]]:
        """Who the add/direct list offers: people present and not waiting, each with their
        seat number (their place in the roster, the same whoever is absent)."""
        state = self.session.state
        here = set(state.present())
        return [(i + 1, n) for i, n in enumerate(state.people())
                if n in here and state.waiting(n) is None]

    def action_direct(self) -> None:
        try:  # say why before asking for a name
            self.session.meeting.check_direct()
        except Refused as refusal:
            self.say(str(refusal))
            return
        self.query_one(PromptBar).ask("direct", "Direct response:", self.session.roster(),
                                      people=self.pickable())

    @on(PromptBar.Answered)
    def _answered(self, message: PromptBar.Answered) -> None:
        if message.purpose in ("add", "direct"):
            name = self.person(message)
            if name is None:
                return  # asked whether this is a new person
            direct = message.purpose == "direct"
            meeting = self.session.meeting
            if self.act(lambda at: meeting.queue(name, at, direct=direct)):
                state = self.session.state
                entry = state.waiting(name)
                if entry is not None:  # the selection stays where the facilitator left it
                    pos = state.queue.index(entry) + 1
                    self.say(f"{entry.name} is number {pos} in the queue.")
                elif state.in_round:
                    self.say(f"{state.round_left[-1]} joins the round.")

    @on(events.DescendantBlur)
    def _field_closed(self, event: events.DescendantBlur) -> None:
        """A prompt (a, d, o, h …) gave focus up: the arrow keys go back to the queue."""
        if isinstance(event.widget, Input):
            self.call_after_refresh(self._back_to_queue)

    def _back_to_queue(self) -> None:
        if self.focused is None and self.is_current:
            self.query_one(QueueList).focus()

    def person(self, message: PromptBar.Answered) -> str | None:
        """Who the typed text means (meeting/names.py): a seat number, the person it spells
        in any case or accents, or the completion the field shows. A name that matches
        nobody is asked about once; None while the question is open."""
        typed = message.text
        if message.new:
            return typed
        known = self.session.roster()
        found = matcher.seat_pick(typed, self.session.state.people())
        if found is None and typed != typed.rstrip():  # a trailing space turns completion off
            found = next((n for n in known if matcher.same(n, typed)), None)
        elif found is None:
            found = matcher.complete(typed, known)
        if found is None and typed.strip():
            self.query_one(PromptBar).confirm_new(" ".join(typed.split()),
                                                  matcher.near(typed, known))
            return None
        return found or typed

    def action_next(self) -> None:
        meeting = self.session.meeting

        def done() -> str:
            cur = self.session.state.current
            if cur:
                return f"{cur.name} is speaking."
            return round_complete(self.session.state) or "Nobody is waiting now."

        if self.begin_meeting():
            self.act(meeting.next, done)

    def action_pass_turn(self) -> None:
        self.act(self.session.meeting.pass_turn, "Pass recorded.")

    def action_remove(self) -> None:
        entry = self.selected()
        meeting = self.session.meeting
        found = self.session.state.entry(entry) if entry is not None else None
        name = found.name if found else ""
        self.act(lambda at: meeting.remove(entry if entry is not None else -1, at),
                 f"{name} left the queue. (u to undo)")

    def action_move(self, delta: int) -> None:
        entry = self.selected()
        meeting = self.session.meeting
        if self.act(lambda at: meeting.move(entry if entry is not None else -1, delta, at)):
            self.query_one(QueueList).select_entry(entry)

    def action_undo(self) -> None:
        meeting = self.session.meeting
        what = describe(meeting.last_undoable())
        self.act(meeting.undo, f"Undid {what}. (ctrl+r to redo)")

    def action_redo(self) -> None:
        meeting = self.session.meeting
        what = describe(meeting.next_redoable())
        self.act(meeting.redo, f"Redid {what}.")

    def action_pause(self) -> None:
        meeting = self.session.meeting

        def done() -> str:
            cur = self.session.state.current
            return "Timer paused. space to resume." if cur and cur.watch.paused else "Timer running."

        self.act(meeting.toggle_pause, done)

    def action_adjust(self, seconds: int) -> None:
        meeting = self.session.meeting
        self.act(lambda at: meeting.adjust(seconds, at), f"{seconds:+d} s on this share.")

    def action_next_phase(self) -> None:
        state = self.session.state
        if not state.begun:
            self.begin_meeting()  # from "not started", the next phase is the first
            return
        if not state.queue or state.phase_index + 1 >= len(state.phases):
            self.next_phase(clear=False)
            return
        from roomtui.ui.screens.phase_question import CLEAR, KEEP, PhaseQuestion

        def answered(answer: str | None) -> None:
            if answer in (KEEP, CLEAR):
                self.next_phase(clear=answer == CLEAR)
            else:
                self.say(f"Still in {self.session.state.phase.name}.")

        nxt = state.phases[state.phase_index + 1].name
        self.app.push_screen(PhaseQuestion(nxt, [e.name for e in state.queue]), answered)

    def next_phase(self, clear: bool) -> None:
        """On to the next phase: the turn under way ends (recorded), a round stops."""
        meeting = self.session.meeting
        ended = self.session.state.current

        def done() -> str:
            state = self.session.state
            said = f"Now: {state.phase.name}."
            if self.prompt_offer():  # the round offer shows in the speaker panel anyway
                said = f"Now: {state.phase.name}.{self.prompt_offer()}"
            else:
                said = round_offer(state) or said
            if ended is not None:
                said = f"{ended.name}'s turn ended. {said}"
            if clear:
                said += " Queue cleared (u to undo)."
            elif state.queue:
                said += f" {len(state.queue)} still waiting."
            return said

        self.act(lambda at: meeting.next_phase(at, clear_queue=clear), done)

    def action_round(self) -> None:
        meeting = self.session.meeting

        def done() -> str:
            state = self.session.state
            return (f"{state.round_name}: going around in seat order. "
                    "s records a pass, n the next person, a adds a latecomer.")

        if self.begin_meeting():
            self.act(meeting.start_round, done)

    def action_formats(self) -> None:
        from roomtui.ui.screens.formats import FormatsScreen
        self.app.push_screen(FormatsScreen(), lambda _: self.refresh_view())

    def action_toggle_priority(self) -> None:
        """A group setting: the meeting records the change; later meetings start with it."""
        session = self.session
        on = not session.state.priority_unspoken
        if self.act(lambda at: session.meeting.set_priority(on, at),
                    "Gentle priority is on: new voices go first." if on
                    else "Gentle priority is off: first come, first served."):
            try:
                session.save_group_setting("priority_unspoken", on)
            except OSError as err:  # the meeting has it; only later meetings miss it
                self.say(f"Saved for this meeting; not for later ones ({err.strerror}).")

    # -- notes (meeting/notes.py; not undoable) ---------------------------------------
    def action_note(self) -> None:
        self.query_one(PromptBar).display = False
        self.query_one(NoteBar).ask(self.session.roster())

    def action_notes(self) -> None:
        from roomtui.ui.screens.notes import NotesScreen
        self.app.push_screen(NotesScreen())

    @on(NoteBar.Saved)
    def _note_saved(self, message: NoteBar.Saved) -> None:
        meeting = self.session.meeting
        self.act(lambda at: meeting.add_note(message.text, at, tag=message.tag),
                 f"Note saved ({message.tag}). O lists notes.")

    # -- raised hands from `roomtui watch` (see widgets/hands.py) ----------------------
    def action_accept_hand(self) -> None:
        """Queue the oldest raised hand (Session.accept_hand answers watch)."""
        self._answer_hand(self.session.accept_hand)

    def action_decline_hand(self) -> None:
        self._answer_hand(self.session.decline_hand)

    def _answer_hand(self, answer: Callable) -> None:
        bar = self.query_one(HandsBar)
        hand = bar.oldest()
        if hand is None:
            self.say("No raised hands waiting.")
            return
        events = len(self.session.meeting.events)
        answered, sentence = answer(hand)
        self.say(sentence)
        if answered:
            bar.done(hand)
        if len(self.session.meeting.events) != events:
            self.refresh_view()

    @on(HandsBar.Looked)
    def _inbox_looked(self) -> None:
        for words in self.session.take_nudges():
            self.say(f"Nudge from your co-facilitator: {words}.")

    @on(HandsBar.Arrived)
    def _hands_arrived(self) -> None:
        if self.session.group.get("settings", {}).get(AUTO_ACCEPT):
            while self.query_one(HandsBar).oldest() is not None:
                before = self.query_one(HandsBar).oldest()
                self.action_accept_hand()
                if self.query_one(HandsBar).oldest() is before:
                    break  # could not save: leave it waiting

    def action_help(self) -> None:
        from roomtui.ui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen(self.app.live_keys() + self.app.app_keys()))

    def action_end(self) -> None:
        from roomtui.ui.screens.confirm import ConfirmScreen
        def answered(yes: bool | None) -> None:
            if yes and self.act(self.session.meeting.end, "The meeting has ended."):
                # The command line says so; a message here went to the private log,
                # first, and Textual then left out any traceback behind it.
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                "End this meeting for good?",
                "Everything is saved. The next start begins a new meeting.",
            ),
            answered,
        )
