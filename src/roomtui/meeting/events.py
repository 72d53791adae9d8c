"""The shapes of the meeting log's entries, for type checking. Pure core, no behaviour.

An event is a JSON object as stored: ``seq``, ``type`` and ``at`` always (checked by
``schema.check_event`` before anything folds it), the rest by its type (``schema.FIELDS``).
Reducers read events from files a person could have edited, so they treat every other
field as untrusted: the type says "a JSON object", not which keys it has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from roomtui.meeting.state import MeetingState

#: One entry of a meeting's log (or one being prepared): field name -> JSON value.
Event: TypeAlias = dict[str, Any]
#: What a deciding function returns for ``Meeting`` to turn into an event: ``type`` and
#: the event's own fields (``seq`` and ``at`` are added by ``Meeting._event``).
Payload: TypeAlias = dict[str, Any]
#: Folds one event into the state, mutating it; never raises on odd input.
Reducer: TypeAlias = Callable[["MeetingState", Event], None]
