"""The one exception the meeting core raises for an action that does not fit.

Its own module so that feature modules (``care.py`` …) can raise it while ``model.py``
imports them.
"""

from __future__ import annotations


class Refused(Exception):
    """An action that does not fit the meeting as it stands; ``str()`` says why, kindly."""
