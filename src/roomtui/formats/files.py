"""Meeting formats: the agenda a meeting follows, kept as plain TOML a facilitator can edit.

Shipped formats live in this package (``shipped/*.toml``); a group's own copies live in
its data folder. Files are read with ``tomllib`` and written with ``tomli_w``. Every
problem is reported as a :class:`FormatError` that names the file and the line or the
setting, because the person fixing it is a facilitator with a text editor, not a
programmer. Unknown keys are errors, so a typo such as ``crostalk`` cannot silently
change how a meeting runs. Nothing here writes over a file that does not parse.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import tomli_w

from roomtui.meeting.text import MAX_NAME, MAX_TEXT, name_key, strip_controls
from roomtui.storage.atomic import atomic_write_bytes, ensure_dir

DEFAULT_FORMAT_NAME = "90-minute share meeting"
# The quiet-mode screens a phase can open with.
PROMPT_IDS = (
    "moment-of-silence", "breathing-box", "breathing-478", "grounding-54321", "reflection",
)
MAX_PHASES = 50
MAX_FILE_BYTES = 1024 * 1024  # a format is a page of text; larger is refused unread
MAX_MINUTES = 600
MAX_SHARE_MINUTES = 60
TOP_KEYS = ("name", "description", "share_minutes", "wrap_up_seconds", "bell", "phase")
PHASE_KEYS = ("name", "minutes", "share_minutes", "round", "crosstalk", "prompt")


class PhaseSpec(TypedDict):
    """One phase of a checked format, in seconds: what ``Phase.from_dict`` reads."""

    name: str
    planned_seconds: int
    share_seconds: int | None
    round: bool
    crosstalk: bool
    prompt: str | None  # one of PROMPT_IDS


class Format(TypedDict):
    """A checked format, as ``parse_format`` gives it and the meeting core reads it."""

    name: str
    description: str
    share_seconds: int
    wrap_up_seconds: int
    bell: bool
    phases: list[PhaseSpec]
    source: NotRequired[str]  # "shipped" or "group": set by parse_format
    file: NotRequired[str]  # the file's name ("" when parsed from text alone)


class FormatError(Exception):
    """A format file roomtui cannot use, with where the problem is and what it is."""

    def __init__(self, path: Path | None, where: str, message: str) -> None:
        self.path = Path(path) if path is not None else None
        self.where = where
        self.message = message
        parts = [p for p in (self.path.name if self.path else "", where, message) if p]
        super().__init__(": ".join(parts))


def _field(phase: int | None, key: str) -> str:
    return (f"phase {phase}, " if phase else "") + f"field '{key}'"


def _bad(where: str, message: str) -> FormatError:
    """An error found while checking; parse_format adds the file name."""
    return FormatError(None, where, message)


def _clean_name(value: object, where: str) -> str:
    """Names reach the screen, so they get the same cleaning as a person's name."""
    if not isinstance(value, str):
        raise _bad(where, f"must be text in quotes (got {value!r})")
    name = " ".join(strip_controls(value).split())
    if not name:
        raise _bad(where, "must not be empty")
    if len(name) > MAX_NAME:
        raise _bad(where, f"can be at most {MAX_NAME} characters")
    return name


def _seconds(value: object, where: str, limit: int) -> int:
    """Minutes (whole or decimal) to whole seconds, refusing nonsense like 0, -5 or 10000."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(where, f"must be a number of minutes (got {value!r})")
    if value > limit:  # checked first: inf has no whole number of seconds
        raise _bad(where, f"must be at most {limit} minutes (got {value!r})")
    if not value > 0 or round(value * 60) < 1:  # `not >` also catches nan
        raise _bad(where, f"must be a number of minutes above 0 (got {value!r})")
    return round(value * 60)


def _flag(table: dict[str, Any], key: str, default: bool, phase: int | None = None) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise _bad(_field(phase, key), f"must be true or false (got {value!r})")
    return value


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], required: tuple[str, ...],
                phase: int | None = None) -> None:
    """Unknown keys are errors with a did-you-mean, so a typo never passes silently."""
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise _bad(_field(phase, key), f"is not a setting roomtui knows{hint}")
    for key in required:
        if key not in table:
            raise _bad(_field(phase, key), "is missing")


def _phase(table: object, number: int) -> PhaseSpec:
    if not isinstance(table, dict):
        raise _bad(f"phase {number}", "must be a [[phase]] block")
    _check_keys(table, PHASE_KEYS, ("name", "minutes"), number)
    share = table.get("share_minutes")
    prompt = table.get("prompt")
    if prompt is not None and prompt not in PROMPT_IDS:
        raise _bad(_field(number, "prompt"),
                   f"must be one of {', '.join(PROMPT_IDS)} (got {prompt!r})")
    return {
        "name": _clean_name(table["name"], _field(number, "name")),
        "planned_seconds": _seconds(table["minutes"], _field(number, "minutes"), MAX_MINUTES),
        "share_seconds": None if share is None else _seconds(
            share, _field(number, "share_minutes"), MAX_SHARE_MINUTES),
        "round": _flag(table, "round", False, number),
        "crosstalk": _flag(table, "crosstalk", True, number),
        "prompt": prompt,
    }


def _validate(data: dict[str, Any]) -> Format:
    if not data:
        raise _bad("", "there are no settings in the file (a format needs a name, "
                   "share_minutes and at least one [[phase]])")
    _check_keys(data, TOP_KEYS, ("name", "share_minutes"))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise _bad(_field(None, "description"), f"must be text in quotes (got {description!r})")
    description = strip_controls(description, keep_newlines=True).strip()
    if len(description) > MAX_TEXT:
        raise _bad(_field(None, "description"), f"can be at most {MAX_TEXT} characters")
    share = _seconds(data["share_minutes"], _field(None, "share_minutes"), MAX_SHARE_MINUTES)
    wrap = data.get("wrap_up_seconds", min(60, share - 1))
    if isinstance(wrap, bool) or not isinstance(wrap, int) or not 0 <= wrap < share:
        raise _bad(_field(None, "wrap_up_seconds"),
                   f"must be a whole number of seconds from 0 to {share - 1} (got {wrap!r})")
    phases = data.get("phase", [])
    if not isinstance(phases, list) or not phases:
        raise _bad(_field(None, "phase"), "a format needs at least one [[phase]] block")
    if len(phases) > MAX_PHASES:
        raise _bad(_field(None, "phase"), f"a format can have at most {MAX_PHASES} phases")
    return {
        "name": _clean_name(data["name"], _field(None, "name")),
        "description": description,
        "share_seconds": share,
        "wrap_up_seconds": wrap,
        "bell": _flag(data, "bell", False),
        "phases": [_phase(table, number) for number, table in enumerate(phases, start=1)],
    }


def parse_format(text: str, path: Path | None = None, *, source: str = "group") -> Format:
    """Parse and check one format's TOML text; the result is what the meeting core reads."""
    if not text.strip():
        raise FormatError(path, "", "the file is empty")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise FormatError(path, "", "the file nests lists or tables too deeply") from None
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        if found:
            where = f"line {found[1]}, column {found[2]}"
        else:  # "(at end of document)": the problem runs to the last line
            where = f"line {text.count(chr(10)) + (not text.endswith(chr(10)))} (end of file)"
        message = re.sub(r" \(at [^)]*\)$", "", message)
        raise FormatError(path, where, f"this is not valid TOML: {message}") from None
    try:
        fmt = _validate(data)
    except FormatError as err:  # raised without a path deep inside; add the file name
        raise FormatError(path, err.where, err.message) from None
    fmt["source"] = source
    fmt["file"] = Path(path).name if path is not None else ""
    return fmt


def load_format_file(path: Path, *, source: str = "group") -> Format:
    """Read one format file. Any problem, even a missing file, is a FormatError."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FormatError(path, "", "the file does not exist") from None
    except OSError as err:
        raise FormatError(path, "", f"the file cannot be read ({err.strerror or err})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FormatError(path, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KB; "
                          "a format is a short text file")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # some editors start UTF-8 files with a BOM
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FormatError(path, f"line {line}", f"this is not UTF-8 text (byte {err.start}); "
                          "save the file as UTF-8 in your editor") from None
    return parse_format(text, path, source=source)


def shipped_formats() -> list[Format]:
    """The formats that come with roomtui, the default one first."""
    return copy.deepcopy(_shipped())


@lru_cache(maxsize=1)
def _shipped() -> list[Format]:
    folder = resources.files("roomtui.formats").joinpath("shipped")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            text = entry.read_bytes().decode("utf-8")
            found.append(parse_format(text, Path(entry.name), source="shipped"))
    return sorted(found, key=lambda f: (f["name"] != DEFAULT_FORMAT_NAME, f["file"]))


def load_formats(folder: Path | None) -> tuple[list[Format], list[FormatError]]:
    """Shipped formats plus a group's own files. Broken files are reported, never touched.

    A group file with the same name as a shipped format replaces it in the list, so a
    group can adjust "90-minute share meeting" without renaming it.
    """
    formats = shipped_formats()
    errors: list[FormatError] = []
    if folder is None or not Path(folder).is_dir():
        return formats, errors
    shipped_keys = {name_key(f["name"]): i for i, f in enumerate(formats)}
    seen: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        if path.name.startswith("."):
            continue  # editor backups and our own half-written temp files
        try:
            fmt = load_format_file(path)
        except FormatError as err:
            errors.append(err)
            continue
        key = name_key(fmt["name"])
        if key in seen:
            errors.append(FormatError(path, _field(None, "name"),
                                      f"{seen[key]} already uses the name {fmt['name']!r}"))
            continue
        seen[key] = path.name
        if key in shipped_keys:
            formats[shipped_keys[key]] = fmt
        else:
            formats.append(fmt)
    return formats, errors


def find_format(formats: list[Format], name: str) -> Format | None:
    """The format with this name, ignoring case and width, or None."""
    key = name_key(name.strip())
    return next((f for f in formats if name_key(f["name"]) == key), None)


def default_format() -> Format:
    """The format a new group starts with: the shipped 90-minute share meeting."""
    found = find_format(shipped_formats(), DEFAULT_FORMAT_NAME)
    if found is None:  # only if the package was built without its data files
        raise FormatError(None, "", f"the shipped format {DEFAULT_FORMAT_NAME!r} is missing")
    return found


@lru_cache(maxsize=1)
def _help() -> str:
    """The key-by-key comment block that opens the shipped files, reused for saved copies."""
    text = resources.files("roomtui.formats").joinpath("shipped", "share-90.toml").read_text("utf-8")
    lines = text.splitlines(keepends=True)
    return "".join(itertools.takewhile(lambda line: line.startswith("#"), lines))


def _minutes(seconds: int) -> int | float:
    return seconds // 60 if seconds % 60 == 0 else seconds / 60


def to_toml(fmt: Format) -> str:
    """A format as TOML text (seconds back to minutes), with the key help at the top.

    tomli_w writes every value; each phase is dumped on its own under a ``[[phase]]``
    header, because tomli_w would otherwise squeeze short phases into one-line inline
    tables, which are harder for a facilitator to edit.
    """
    top: dict[str, Any] = {"name": fmt["name"]}
    if fmt.get("description"):
        top["description"] = fmt["description"]
    top["share_minutes"] = _minutes(fmt["share_seconds"])
    top["wrap_up_seconds"] = fmt["wrap_up_seconds"]
    top["bell"] = bool(fmt.get("bell", False))
    chunks = [_help(), "\n", tomli_w.dumps(top, multiline_strings=True)]
    for phase in fmt["phases"]:
        table: dict[str, Any] = {"name": phase["name"], "minutes": _minutes(phase["planned_seconds"])}
        share = phase.get("share_seconds")
        if share is not None:
            table["share_minutes"] = _minutes(share)
        if phase.get("round"):
            table["round"] = True
        table["crosstalk"] = bool(phase.get("crosstalk", True))
        if phase.get("prompt") is not None:
            table["prompt"] = phase["prompt"]
        chunks += ["\n[[phase]]\n", tomli_w.dumps(table)]
    return "".join(chunks)


def slug(name: str) -> str:
    """A file name stem for a format name: lower case, letters and digits, dashes between."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "-", text).strip("-")[:60].strip("-") or "format"


def save_format(fmt: Format, folder: Path) -> Path:
    """Write a format into a group's folder as ``<slug>.toml``, crash-safely, mode 0600.

    The text is parsed back before writing, so an unusable file is never written. An
    existing file that does not parse is refused rather than replaced (it may hold
    someone's half-finished edits); one holding a different format gets a new name.
    """
    clean = parse_format(to_toml(fmt))  # checked and cleaned exactly as a reader would
    text = to_toml(clean)
    folder = ensure_dir(Path(folder))
    stem = slug(clean["name"])
    for n in range(1, 1000):
        path = folder / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
        if not path.exists():
            break
        existing = load_format_file(path)  # raises FormatError if it does not parse
        if name_key(existing["name"]) == name_key(clean["name"]):
            break
    else:
        raise FormatError(folder / f"{stem}.toml", "", "too many files with this name")
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def copy_format(fmt: Format, new_name: str, folder: Path) -> Format:
    """A group's own editable copy of ``fmt`` under ``new_name``, saved in ``folder``.

    Copying under a shipped format's name is allowed (the copy then replaces it for this
    group); copying over another of the group's own formats is refused.
    """
    name = _clean_name(new_name, _field(None, "name"))
    own, _ = load_formats(folder)
    if any(f["source"] == "group" and name_key(f["name"]) == name_key(name) for f in own):
        raise _bad(_field(None, "name"), f"this group already has a format called {name!r}")
    new = copy.deepcopy(fmt)
    new["name"] = name
    return load_format_file(save_format(new, folder))
