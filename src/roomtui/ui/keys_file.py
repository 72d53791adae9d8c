"""keys.toml in the data folder: the facilitator's own keys for roomtui's actions.

One line per action to move, ``id = "key"`` (Textual key names; several keys with
commas), for instance ``move_up = "ctrl+up"`` where ``[`` is hard to reach. The ids are
listed by `?` and in the README; the other screens' ids have a dot (``roster.move_up``),
which TOML reads as a table: both spellings, and ``[roster]`` tables, come out the same.
A file that does not read, or names an unknown id, is
never rewritten: its usable lines apply and the rest is said once on screen. No Textual.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

FILE_NAME = "keys.toml"


def keys_file(root: Path) -> Path:
    return root / FILE_NAME


def read_keymap(root: Path, known: set[str]) -> tuple[dict[str, str], str]:
    """The remapped keys by binding id, and a sentence about what could not be used."""
    path = keys_file(root)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as err:
        return {}, f"{path.name} could not be read ({getattr(err, 'strerror', None) or err})."
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        return {}, f"{path.name} is not valid TOML ({err}); the usual keys apply."
    table = data.get("keys", data)  # a [keys] table, or the lines at the top
    keymap: dict[str, str] = {}
    unused: list[str] = []
    for key_id, value in _flat(table) if isinstance(table, dict) else ():
        keys = value if isinstance(value, str) else None
        cleaned = ",".join(k.strip() for k in keys.split(",") if k.strip()) if keys else ""
        if key_id in known and cleaned and all(k.isprintable() for k in cleaned):
            keymap[key_id] = cleaned
        else:
            unused.append(str(key_id)[:40])
    note = ""
    if unused:
        note = (f"{path.name}: not used: {', '.join(sorted(unused))} (unknown id or not a "
                f"key name; the README lists the ids).")
    return keymap, note


def _flat(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    """``roster.move_up = ...`` (TOML: a ``roster`` table) as the id ``roster.move_up``."""
    items: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            items += _flat(value, f"{name}.")
        else:
            items.append((name, value))
    return items
