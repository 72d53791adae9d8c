"""The pure meeting core: events in, state out. No Textual, no files, no clock."""

from roomtui.meeting.errors import Refused
from roomtui.meeting.model import Meeting, describe
from roomtui.meeting.state import MeetingState, Phase

__all__ = ["Meeting", "MeetingState", "Phase", "Refused", "describe"]
