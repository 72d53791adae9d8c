"""Meeting formats: the agenda a meeting follows. (Placeholder until TOML formats land.)"""

from __future__ import annotations

DEFAULT_FORMAT_NAME = "90-minute share meeting"


def default_format() -> dict:
    """The format a new group starts with, as the meeting core reads it."""
    return {
        "name": DEFAULT_FORMAT_NAME,
        "share_seconds": 180,
        "wrap_up_seconds": 60,
        "phases": [
            {"name": "Welcome and moment of silence", "planned_seconds": 300, "prompt": "moment-of-silence"},
            {"name": "Reading the agreements", "planned_seconds": 300},
            {"name": "Check-in round", "planned_seconds": 900, "round": True, "share_seconds": 90, "crosstalk": False},
            {"name": "Sharing", "planned_seconds": 2400, "share_seconds": 180, "crosstalk": True},
            {"name": "Break", "planned_seconds": 600},
            {"name": "Check-out round", "planned_seconds": 600, "round": True, "share_seconds": 60, "crosstalk": False},
            {"name": "Close", "planned_seconds": 300},
        ],
    }
