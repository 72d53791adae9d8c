"""``roomtui protect`` and asking for a passphrase on the command line.

On a terminal the passphrase is asked with hidden input (getpass), twice when it is
set, up to three tries when it opens a lock. When stdin is not a terminal (scripts,
tests) each passphrase is one line read from it: ``--change`` reads the current one, then
the new one. A wrong passphrase exits with 2 and prints nothing of the notes.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from roomtui.storage import AlreadyOpen, GroupBook, WriterLock, locations, protect
from roomtui.storage.crypto import Damaged, Keyring, WrongPassphrase

TRIES = 3
EXIT_WRONG = 2


class PassphraseError(Exception):
    """No usable passphrase; ``str()`` is a sentence, ``code`` the exit code."""

    def __init__(self, message: str, code: int = EXIT_WRONG) -> None:
        super().__init__(message)
        self.code = code


def add_parser(sub, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser("protect", parents=[common],
                         help="lock a group's notes with a passphrase")
    cmd.add_argument("--group", default=argparse.SUPPRESS,
                     help="the group (default: the last used)")
    how = cmd.add_mutually_exclusive_group()
    how.add_argument("--change", action="store_true", help="change the passphrase")
    how.add_argument("--remove", action="store_true",
                     help="unlock the notes for good (plain text again)")


def _tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise PassphraseError("No passphrase was given (stdin ended).")
    return line.rstrip("\r\n")


def ask_new() -> str:
    """A new passphrase: asked twice on a terminal, one line otherwise."""
    if not _tty():
        new = _line()
    else:
        new = getpass.getpass("New passphrase: ")
        if new != getpass.getpass("Same passphrase again: "):
            raise PassphraseError("The two passphrases differ. Nothing was changed.")
    if not new:
        raise PassphraseError("A passphrase cannot be empty. Nothing was changed.")
    return new


def ask_current(group: dict, opener=protect.unlock_group) -> tuple[str, Keyring]:
    """The group's passphrase and keys: three tries on a terminal, one line otherwise."""
    name = "".join(ch for ch in group.get("name", "") if ch.isprintable())
    for attempt in range(TRIES if _tty() else 1):
        said = getpass.getpass(f"Passphrase for “{name}”: ") if _tty() else _line()
        try:
            return said, opener(group, said)
        except WrongPassphrase:
            if _tty() and attempt < TRIES - 1:
                print("That passphrase does not open these notes. Try again.", file=sys.stderr)
        except Damaged as err:
            raise PassphraseError(
                f"The lock of “{name}” in groups.json is damaged ({err}). "
                "Nothing was changed.") from None
    raise PassphraseError(f"That passphrase does not open the notes of “{name}”.")


def keys_for_group(root: Path, group_id: object) -> Keyring | None:
    """The keys of a protected group, asked for; None when its notes are not locked."""
    if not isinstance(group_id, str) or not locations.groups_file(root).exists():
        return None
    group = GroupBook(locations.groups_file(root), readonly=True).get(group_id)
    if not protect.is_protected(group):
        return None
    return ask_current(group)[1]


def _find_group(root: Path, name: str | None) -> dict:
    if not locations.groups_file(root).exists():
        raise PassphraseError("There are no groups yet. Start one with: roomtui")
    book = GroupBook(locations.groups_file(root))
    group = book.find(" ".join(name.split())) if name else book.get(book.last_used() or "")
    if group is None:
        shown = "".join(ch for ch in (name or "") if ch.isprintable())
        raise PassphraseError(f"There is no group called “{shown}”." if name
                              else "Name the group with --group NAME.")
    return group


def run(args: argparse.Namespace, root: Path) -> int:
    group = _find_group(root, getattr(args, "group", None))
    name = "".join(ch for ch in group["name"] if ch.isprintable())
    locked = protect.is_protected(group)
    if (args.change or args.remove) and not locked:
        raise PassphraseError(f"The notes of “{name}” are not locked. "
                              "Lock them with: roomtui protect")
    try:
        lock = WriterLock(locations.group_lock(root, group["id"])).acquire()
    except AlreadyOpen:
        raise PassphraseError(f"The facilitator app has “{name}” open. Close it first, "
                              "then run roomtui protect again.", 3) from None
    try:
        return _run_locked(args, root, group, name, locked)
    finally:
        lock.release()


def _run_locked(args, root: Path, group: dict, name: str, locked: bool) -> int:
    if args.remove:
        current, _keys = ask_current(group)
        protect.turn_off(root, group, current)
        print(f"The notes of “{name}” are plain text again (files are still private, 0600).")
        return 0
    print(protect.WARNING)
    if locked and not args.change:
        if not protect.lock_of(group).get("unfinished"):
            print(f"The notes of “{name}” are already locked. "
                  "To change the passphrase: roomtui protect --change")
            return 0
        print("The last change of this lock was interrupted; finishing it.")
        current, _keys = ask_current(group)
        protect.finish(root, group, current)
        print(f"The notes of “{name}” are locked.")
        return 0
    if args.change:
        current, _keys = ask_current(group)
        protect.change(root, group, current, ask_new())
        print(f"The passphrase of “{name}” is changed; every note is sealed with the new one.")
        return 0
    protect.turn_on(root, group, ask_new())
    print(f"The notes of “{name}” are locked. roomtui will ask for the passphrase when it "
          "opens this group, and for export and review.")
    return 0
