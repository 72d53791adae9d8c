"""Storage on TinyDB through crash-safe atomic files. Knows nothing of Textual."""

from roomtui.storage.atomic import DamagedFile, atomic_write_bytes, clean_temp_files, ensure_dir
from roomtui.storage.lock import AlreadyOpen, WriterLock, is_locked
from roomtui.storage.stores import GroupBook, MeetingIndex, MeetingLog

__all__ = [
    "AlreadyOpen",
    "DamagedFile",
    "GroupBook",
    "MeetingIndex",
    "MeetingLog",
    "WriterLock",
    "atomic_write_bytes",
    "clean_temp_files",
    "ensure_dir",
    "is_locked",
]
