"""roomtui: a calm terminal companion for facilitating in-room peer support groups."""

__version__ = "0.1.0"
