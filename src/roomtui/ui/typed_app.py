"""Which app a screen or widget belongs to, said once in its bases.

Textual types ``self.app`` as a plain ``App``: ``self.app.session`` type-checks as an
unknown attribute. A screen or widget of one app mixes in that app's class here, before
its Textual base (``class NotesScreen(InFacilitatorApp, DismissOnceModal[None])``); a
type checker then knows ``self.app`` is that app (Textual's own ``getters.app``, used the
way Textual types ``app`` itself), and a screen of the facilitator app reaches the
meeting through one property, ``self.session``.

At run time these add nothing but ``session``: ``self.app`` is Textual's own. The app
classes are imported for type checkers only (the apps import their screens).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import getters
    from textual.message_pump import MessagePump as Part  # what these are mixed into

    from roomtui.session import Session
    from roomtui.ui.app import FacilitatorApp
    from roomtui.ui.review import ReviewApp
    from roomtui.ui.viewer import ViewerApp
else:
    Part = object


class InFacilitatorApp(Part):
    """A screen or widget of the facilitator app (ui/app.py): ``self.session`` is its meeting."""

    if TYPE_CHECKING:
        app = getters.app(FacilitatorApp)

    @property
    def session(self) -> Session:
        """The app's session, read anew each time (a group switch replaces it)."""
        return self.app.session


class InViewerApp(Part):
    """A screen or widget of the viewer app (ui/viewer.py: watch, room, the browser view)."""

    if TYPE_CHECKING:
        app = getters.app(ViewerApp)


class InReviewApp(Part):
    """A screen or widget of the review app (ui/review.py)."""

    if TYPE_CHECKING:
        app = getters.app(ReviewApp)
