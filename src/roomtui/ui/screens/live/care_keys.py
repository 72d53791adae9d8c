"""The live screen's agreements, reminder, quiet-mode and care-pause keys (g c m !).

A mixin so the live screen file stays about the queue. Every action goes through the
live screen's ``act`` (decide, make durable, show), so the room view, a restart and the
review all see the same quiet mode, reminder card and care pause.
"""

from __future__ import annotations

from roomtui.meeting import care
from roomtui.ui.typed_app import InFacilitatorApp


class CareKeys(InFacilitatorApp):
    """Mixed into LiveScreen, which provides ``act`` and ``say``."""

    def resume_calm_screens(self) -> None:
        """After a restart, the room goes back to the pause or quiet screen it was on."""
        state = self.session.state
        if state.care_pause is None and state.quiet is None:
            return
        from roomtui.ui.screens.quiet import CarePauseScreen, QuietScreen

        if state.care_pause is not None:
            self.app.push_screen(CarePauseScreen(), self._care_left)
        elif state.quiet is not None:
            self.app.push_screen(QuietScreen(state.quiet), self._quiet_left)

    def prompt_offer(self) -> str:
        """When a phase opens with a quiet prompt, say so (m offers it first)."""
        group, phase = self.session.group, self.session.state.phase
        prompt = care.find_prompt(care.prompts_of(group), phase.prompt)
        if prompt is None:
            return ""
        return f" It opens with {care.KIND_TITLES[prompt['kind']].lower()}: press m."

    # -- g: agreements -------------------------------------------------------------------
    def action_agreements(self) -> None:
        from roomtui.ui.screens.agreements import ReadAloudScreen
        def done(text: str | None) -> None:
            if text:
                self._show_reminder(text)

        self.app.push_screen(ReadAloudScreen(), done)

    # -- c: the reminder card ------------------------------------------------------------
    def action_reminder(self) -> None:
        from roomtui.ui.screens.agreements import ReminderChooser
        meeting = self.session.meeting
        if self.session.state.reminder is not None:
            self.act(meeting.clear_reminder, "Reminder cleared.")
            return
        if not care.agreements_of(self.session.group):
            self.say("No agreements yet: press g, then e, to write them.")
            return

        def chosen(text: str | None) -> None:
            if text:
                self._show_reminder(text)

        self.app.push_screen(ReminderChooser(), chosen)

    def _show_reminder(self, text: str) -> None:
        meeting = self.session.meeting
        self.act(lambda at: meeting.show_reminder(text, at), "Reminder shown. c clears it.")

    # -- m: quiet mode ---------------------------------------------------------------------
    def action_quiet(self) -> None:
        from roomtui.ui.screens.quiet import QuietChooser, QuietScreen
        def chosen(choice: dict | None) -> None:
            if not choice:
                return
            meeting = self.session.meeting
            prompt, seconds = choice["prompt"], choice["seconds"]
            if self.begin_meeting() and self.act(lambda at: meeting.start_quiet(prompt, at, seconds=seconds)):
                self.app.push_screen(QuietScreen(self.session.state.quiet), self._quiet_left)

        self.app.push_screen(QuietChooser(self.session.state.phase.prompt), chosen)

    def _quiet_left(self, key: str | None) -> None:
        if self.session.state.quiet is not None:
            self.act(self.session.meeting.end_quiet, "Back from quiet mode.")
        if key == "exclamation_mark":
            self.action_care_pause()

    # -- !: the care pause -----------------------------------------------------------------
    def action_care_pause(self) -> None:
        from roomtui.ui.screens.quiet import CarePauseScreen
        if self.begin_meeting() and self.act(self.session.meeting.start_care_pause):
            self.app.push_screen(CarePauseScreen(), self._care_left)

    def _care_left(self, _: None = None) -> None:
        from roomtui.ui.screens.quiet import CarePauseScreen
        done = "Care pause over; timers go on where they stood. Follow up privately later."
        if not self.act(self.session.meeting.end_care_pause, done):
            if self.session.state.care_pause is not None:  # not saved: still paused
                self.app.push_screen(CarePauseScreen(), self._care_left)
