"""Where roomtui keeps its files. Folders are made (0700) when asked for, never at import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

import platformdirs

from roomtui.storage.atomic import ensure_dir, open_private

ENV_VAR = "ROOMTUI_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$ROOMTUI_DATA_DIR``, else the platform's."""
    chosen = override or os.environ.get(ENV_VAR) or platformdirs.user_data_dir("roomtui", False)
    return ensure_dir(Path(chosen).expanduser())


def meetings_dir(root: Path) -> Path:
    return ensure_dir(root / "meetings")


def locks_dir(root: Path) -> Path:
    return ensure_dir(root / "locks")


def formats_dir(root: Path) -> Path:
    return ensure_dir(root / "formats")


def group_formats_dir(root: Path, group_id: str) -> Path:
    """A group's own format files. Not made here: it appears with the first copy."""
    return root / "formats" / group_id


def inbox_dir(root: Path, make: bool = True) -> Path:
    path = Path(root) / "inbox"
    return ensure_dir(path) if make else path


def meeting_file(root: Path, meeting_id: str) -> Path:
    return meetings_dir(root) / f"{meeting_id}.json"


def index_file(root: Path) -> Path:
    return root / "index.json"


def groups_file(root: Path) -> Path:
    return root / "groups.json"


def group_lock(root: Path, group_id: str) -> Path:
    return locks_dir(root) / f"{group_id}.lock"


def log_file(root: Path) -> Path:
    return root / "roomtui.log"


def open_log(path: Path) -> TextIO:
    """The private log for appending, 0600 whatever the umask (a crash's details hold names).

    ``open(path, "a")`` made it 0644 under umask 022 when a view (``roomtui watch``) was
    the first to create it.
    """
    fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # never through a link
    return os.fdopen(fd, "a", encoding="utf-8")
