"""The live screen's group actions: who is here (w), roster (R), groups (l), celebrate (C).

A mixin so live.py stays about the meeting itself; every meeting change still goes through
``LiveScreen.act`` (decide, make durable, show).
"""

from __future__ import annotations

from roomtui import groups
from roomtui.meeting.text import name_key, shorten
from roomtui.ui.typed_app import InFacilitatorApp


class GroupActions(InFacilitatorApp):
    """Mixed into LiveScreen (which provides ``say``, ``act``, ``refresh_view``)."""

    _first_key: tuple | None = None
    _first: frozenset[str] = frozenset()

    def opening(self, lines: list[str] | None = None) -> None:
        """What the facilitator sees privately when the screen opens (after ``lines``)."""
        lines = list(lines or [])
        due = groups.due_this_week(self.session)
        if due:
            lines.append("This week (private): " + " · ".join(d.private_line() for d in due)
                         + ". C to celebrate.")
        if lines:
            self.say("  ".join(lines))
        if self.session.state.celebration:
            from roomtui.ui.screens.celebrate import CelebrationCard

            self.app.push_screen(CelebrationCard(self.session.state.celebration),
                                 self._card_cleared)

    def first_timers(self) -> frozenset[str]:
        """Name keys of people at their first meeting, refreshed when attendance changes."""
        att = self.session.state.attendance
        key = (self.session.state.id, len(att.stays) if att is not None else -1)
        if key != self._first_key:
            self._first_key = key
            self._first = frozenset(groups.first_timers(self.session))
        return self._first

    # -- w: who is here ---------------------------------------------------------------
    def action_attendance(self) -> None:
        from roomtui.ui.screens.attendance import AttendanceScreen
        def closed(_result: None) -> None:
            self.refresh_view()
            welcome = groups.welcome_lines(self.session)
            present = len(self.session.state.present())
            if self.session.state.attendance is not None:
                self.say(f"{present} here. " + ("; ".join(welcome) + "." if welcome else ""))

        self.app.push_screen(AttendanceScreen(), closed)

    # -- R: roster ---------------------------------------------------------------------
    def action_roster(self) -> None:
        from roomtui.ui.screens.roster import RosterScreen
        self.app.push_screen(RosterScreen(), lambda _r: self.refresh_view())

    # -- l: groups ---------------------------------------------------------------------
    def action_groups(self) -> None:
        from roomtui.ui.screens.groups import GroupsScreen
        def chosen(other) -> None:
            old = self.session.group["name"]  # the closed session, renamed or not
            if other is None:  # stayed: the name may have changed
                self.app.sub_title = old
                return
            # one short line at 80 columns: a longer one wrapped and pushed the footer off
            self.app.use_session(other, f"Now in {shorten(other.group['name'], 24)}; "
                                        f"{shorten(old, 24)} is saved for later.")

        self.app.push_screen(GroupsScreen(), chosen)

    # -- C: celebrate ------------------------------------------------------------------
    def action_celebrate(self) -> None:
        from roomtui.ui.screens.celebrate import CelebrateChooser, CelebrationCard
        state = self.session.state
        if state.celebration:
            self.app.push_screen(CelebrationCard(state.celebration), self._card_cleared)
            return
        meeting = self.session.meeting

        def chosen(words: str | None) -> None:
            if words is None:
                self.say("No card shown.")
                return
            if self.act(lambda at: meeting.celebrate(words, at),
                        "The card is showing to the room. Enter clears it."):
                self.app.push_screen(CelebrationCard(self.session.state.celebration),
                                     self._card_cleared)

        self.app.push_screen(CelebrateChooser(groups.due_this_week(self.session)), chosen)

    def _card_cleared(self, _result: None) -> None:
        self.act(self.session.meeting.clear_celebration, "Card cleared.")


def is_first_timer(name: str, first: frozenset[str]) -> bool:
    return name_key(name) in first
