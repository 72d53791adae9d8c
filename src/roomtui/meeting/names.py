"""Finding a person by name, in any script: the one way roomtui compares names.

A name is stored and shown as the roster spells it ("Zoë", "Søren", "李雷"); it is *found*
by a fold key that ignores case, width, accents and diacritics, so "zoe" finds Zoë and
"SOREN" finds Søren. On top of the key:

- ``complete`` / ``resolve``: what a typed name means (exact key, then prefix).
- ``find`` / ``replace``: whole-word occurrences of names in free text, for the notes'
  initials hint and ``--no-names``. Word boundaries are script-aware: Latin, Cyrillic and
  other spaced scripts need one ("Ana" is not in "banana"); Chinese, Japanese, Thai, Lao,
  Khmer, Myanmar and Korean text runs words together, so a name there is found with no
  space around it ("李雷说谢谢", "Priya和李雷聊了"). Possessives ("Ana's") and the initials a
  facilitator already typed ("A.L.") count too.

Pure functions, no Textual, no files.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Letters that NFKD does not take apart, folded as a reader of the name would.
_LETTERS = {
    "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ẞ": "ss", "đ": "d", "ð": "d", "ł": "l",
    "ı": "i", "þ": "th", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "n", "ſ": "s",
    "ƒ": "f", "ɨ": "i", "ƚ": "l", "ȼ": "c", "ɇ": "e", "ɉ": "j", "ɍ": "r", "ɏ": "y",
    "ƶ": "z", "ƀ": "b", "ǥ": "g", "ʉ": "u", "ꝁ": "k",
}
_FOLD_LETTERS = {**_LETTERS, **{k.upper(): v for k, v in _LETTERS.items() if k.upper() != k}}
_FOLD_LETTERS.update({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})

# Invisible joiners and format marks: a name typed with or without them is one name.
_INVISIBLE = frozenset("\u00ad\u034f\u200b\u200c\u200d\u2060\ufeff")

# Marks that are accents (dropped): the combining diacritics blocks, Hebrew points and
# Arabic harakat. Vowel signs and viramas of Indic and Southeast Asian scripts are letters
# of the name, not accents, and are kept.
_ACCENT_RANGES = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x0591, 0x05C7), (0x064B, 0x065F), (0x0670, 0x0670), (0x3099, 0x309A),
)

# Scripts written without spaces between words (or, for Hangul, with particles attached).
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF), (0x19E0, 0x19FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF), (0x31F0, 0x31FF),  # Hiragana, Katakana
    (0x3100, 0x318F),  # Bopomofo, Hangul compatibility jamo
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),  # Han
    (0xA960, 0xA97F), (0xAC00, 0xD7FF),  # Hangul
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3FFFF),  # Han, supplementary planes
)


def _in(ranges: tuple[tuple[int, int], ...], ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ranges)


def is_accent(ch: str) -> bool:
    return _in(_ACCENT_RANGES, ch)


def unspaced(ch: str) -> bool:
    """True for a character of a script that does not put spaces between words."""
    return _in(_UNSPACED_RANGES, ch)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


@lru_cache(maxsize=16384)
def fold_char(ch: str) -> str:
    """One character's part of the fold key (may be "" or several characters)."""
    if ch in _INVISIBLE:
        return ""
    text = unicodedata.normalize("NFKC", ch)
    text = "".join(_FOLD_LETTERS.get(c, c) for c in text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(_FOLD_LETTERS.get(c, c) for c in text if not is_accent(c))
    return text


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The key two names compare by: case, width, accents, joiners and spacing folded.

    Cached: the live screen folds every turn's name on each change, and a meeting has
    few distinct names (make bench: action latency at 2,000 events).
    """
    return " ".join("".join(fold_char(ch) for ch in text).split())


def same(a: str, b: str) -> bool:
    return fold(a) == fold(b)


# -- a typed name -> a person ----------------------------------------------------------


def matches(typed: str, names: Iterable[str]) -> list[str]:
    """Names the typed text could mean, best first: the exact key, then names starting
    with it, then names with a later word starting with it (roster order within each)."""
    key = fold(typed)
    if not key:
        return []
    exact, prefix, word = [], [], []
    for name in names:
        folded = fold(name)
        if folded == key:
            exact.append(name)
        elif folded.startswith(key):
            prefix.append(name)
        elif any(w.startswith(key) for w in folded.split()[1:]):
            word.append(name)
    return exact + prefix + word


def _exact(key: str, names: list[str]) -> str | None:
    """The first name whose fold is ``key``."""
    return next((n for n in names if fold(n) == key), None)


def complete(typed: str, names: Iterable[str]) -> str | None:
    """What Enter takes in a name field: the person the typed text is, else the first
    whose name starts with it (the completion the field shows)."""
    key = fold(typed)
    if not key:
        return None
    names = list(names)
    return _exact(key, names) or next((n for n in names if fold(n).startswith(key)), None)


def resolve(typed: str, names: Iterable[str]) -> str | None:
    """The one person the typed text means: the exact key, else the only prefix match.
    None when it matches nobody, or several people equally (``h Pri`` with Priya and
    Prince)."""
    key = fold(typed)
    if not key:
        return None
    names = list(names)
    if (exact := _exact(key, names)) is not None:
        return exact
    found = [n for n in names if fold(n).startswith(key)]
    return found[0] if len(found) == 1 else None


def near(typed: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names close to a typed name that matches nobody (typos, a missing letter)."""
    key = fold(typed)
    if not key:
        return []
    names = list(names)
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(fold(name), name)
    found = [n for n in matches(typed, names)]
    for k in difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.6):
        if by_key[k] not in found:
            found.append(by_key[k])
    return found[:limit]


def seat_pick(typed: str, seats: Sequence[str]) -> str | None:
    """``3`` picks whoever sits in seat 3 (1-based), unless a name is spelled "3"."""
    text = typed.strip()
    if not text.isdigit() or any(fold(s) == fold(text) for s in seats):
        return None
    n = int(text)
    return seats[n - 1] if 1 <= n <= len(seats) else None


# -- names in free text -----------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One occurrence of a person's name in a text: ``text[start:end]`` spells it."""

    start: int
    end: int
    name: str  # the roster spelling of whom it names
    form: str  # "name", "part" (one word of a longer name) or "initials"


def initials(name: str) -> str:
    """``"Ana Lopez"`` → ``"A.L."``; a one-word name gives one letter and a dot.

    A name in a script without letter case keeps its first character ("李雷" → "李.").
    """
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    letters = [next((ch for ch in p if ch.isalnum()), p[0]) for p in parts]
    return "".join(ch.upper() + "." for ch in letters) or name


@lru_cache(maxsize=4096)
def forms(name: str) -> tuple[tuple[str, str], ...]:
    """Every spelling of ``name`` worth finding in a note: the whole name, each word of a
    longer name (two letters or more), and its initials with dots ("A.L.", "A. L.")."""
    out = [(name, "name")]
    words = [w for w in name.split() if sum(_word_char(c) for c in w) >= 2]
    if len(name.split()) > 1:
        out += [(w, "part") for w in words]
    letters = initials(name)
    first = name.strip()[:1]
    if letters != name and first and not unspaced(first) and first.isalpha():
        out.append((letters, "initials"))
        if letters.count(".") > 1:
            out.append((letters.replace(".", ". ").strip(), "initials"))
    return tuple(out)


def _folded(text: str) -> tuple[str, list[int], list[bool]]:
    """The fold of ``text`` with, per folded character, the index it came from and
    whether it is the first one from that index."""
    chars: list[str] = []
    origin: list[int] = []
    first: list[bool] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        for j, c in enumerate(f):
            chars.append(c)
            origin.append(i)
            first.append(j == 0)
    return "".join(chars), origin, first


def _edge_ok(inside: str, outside: str | None) -> bool:
    """May a name whose edge character is ``inside`` touch ``outside``?"""
    if outside is None or not _word_char(outside) or not _word_char(inside):
        return True
    return unspaced(inside) or unspaced(outside)


def find(text: str, names: Iterable[str], parts: bool = True) -> list[Found]:
    """Whole-word occurrences of each name in ``text`` (in any case or accent form,
    with its initials and, if ``parts``, the words of longer names), left to right,
    never overlapping: the longest spelling wins ("Ana Lopez" over "Ana")."""
    folded, origin, first = _folded(text)
    candidates: list[tuple[int, int, int, Found]] = []
    rank = {"name": 0, "initials": 1, "part": 2}
    for name in dict.fromkeys(n for n in names if fold(n)):
        for form, kind in forms(name):
            if kind == "part" and not parts:
                continue
            key = fold(form)
            if not key:
                continue
            if kind == "initials":
                hits = _initial_hits(text, form)
            else:
                hits = _key_hits(text, folded, origin, first, key)
            for start, end in hits:
                candidates.append((start, end, rank[kind], Found(start, end, name, kind)))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[Found] = []
    for start, end, _rank, found in candidates:
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def _key_hits(text: str, folded: str, origin: list[int], first: list[bool],
              key: str) -> list[tuple[int, int]]:
    hits = []
    at = folded.find(key)
    while at >= 0:
        end = at + len(key)
        aligned = first[at] and (end == len(folded) or first[end])
        before = folded[at - 1] if at > 0 else None
        after = folded[end] if end < len(folded) else None
        if aligned and _edge_ok(key[0], before) and _edge_ok(key[-1], after):
            start = origin[at]
            stop = origin[end - 1] + 1
            while stop < len(text) and fold_char(text[stop]) == "":
                stop += 1  # a combining accent or a joiner after the last letter
            hits.append((start, stop))
        at = folded.find(key, at + 1)
    return hits


@lru_cache(maxsize=4096)
def _initials_pattern(form: str) -> re.Pattern[str]:
    # Initials as typed: capital letters with their dots, case-sensitive ("A.L.", not "a.l.").
    return re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")


def _initial_hits(text: str, form: str) -> list[tuple[int, int]]:
    if form not in text:
        return []
    return [(m.start(), m.end()) for m in _initials_pattern(form).finditer(text)]


def names_in(text: str, names: Iterable[str]) -> list[str]:
    """The people named in ``text`` (whole names only, longest first), no repeats."""
    found = [f.name for f in find(text, names, parts=False) if f.form == "name"]
    return sorted(dict.fromkeys(found), key=lambda n: (-len(n), n))


def replace(text: str, mapping: dict[str, str], ambiguous: str = "a member") -> str:
    """Every form of each name in ``mapping`` replaced by its value. A word or initials
    shared by two people (the "Ana" of "Ana B." and "Ana 2") becomes ``ambiguous``."""
    people = list(mapping)
    owners: dict[str, set[str]] = {}
    for name in people:
        for form, kind in forms(name):
            if kind != "name":
                owners.setdefault(fold(form) if kind == "part" else form, set()).add(
                    mapping[name])
    out, last = [], 0
    for hit in find(text, people):
        new = mapping[hit.name]
        if hit.form != "name":
            spelled = text[hit.start:hit.end]
            key = fold(spelled) if hit.form == "part" else spelled.replace(". ", ".")
            if len(owners.get(key, {new}) | {new}) > 1:
                new = ambiguous
        out.append(text[last:hit.start])
        out.append(new)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def with_initials(text: str, names: Iterable[str]) -> str:
    """The note with each of ``names`` (in any case or accent form) as its initials."""
    names = list(names)
    out, last = [], 0
    for hit in find(text, names, parts=False):
        if hit.form != "name":
            continue
        out.append(text[last:hit.start])
        out.append(initials(hit.name))
        last = hit.end
    out.append(text[last:])
    return "".join(out)
