"""Properties of the person matcher and of ``--no-names`` (hypothesis)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.meeting.names import complete, find, fold, replace, unspaced
from roomtui.records.export import to_json, to_markdown
from tests.meeting_helpers import FORMAT, Live

#: Names in many scripts, with accents, letters NFKD keeps whole, joiners and CJK.
POOL = [
    "José", "Zoë", "Ngozi", "李雷", "Aisha", "Søren", "Priya", "Mateus", "Łukasz", "Ærin",
    "Đorđe", "Straßer", "İlkay", "Nguyễn", "François", "Ana Lopez", "Олег", "Σοφία",
    "محمد", "مهر\u200cداد", "דוד", "प्रिया", "สมชาย", "さくら", "ユキ", "민수", "王芳",
    "Chiamaka", "Siobhán", "Kateřina", "Ōta", "Ifeoma", "Björn", "Ayşe",
]

ALTERNATES = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "đ": "d", "Đ": "D",
              "ł": "l", "Ł": "L", "İ": "I", "\u200c": ""}


def forms_of(name: str) -> list[str]:
    """Spellings of a name a facilitator might type: cases, accents off, decomposed, wide."""
    plain = "".join(ALTERNATES.get(c, c) for c in name)
    plain = "".join(c for c in unicodedata.normalize("NFKD", plain)
                    if not 0x300 <= ord(c) <= 0x36F)  # accents off, viramas kept
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return [name, name.upper(), name.lower(), plain, plain.lower(), plain.upper(),
            unicodedata.normalize("NFD", name), wide]


rosters = st.lists(st.sampled_from(POOL), min_size=1, max_size=8, unique_by=fold)
fillers = st.sampled_from(["", " ", "说", "和", "は", "が", "วันนี้", " said ", ", ", "'s ",
                           "! ", "。", "\n", " (care) "])


@st.composite
def roster_and_note(draw):
    roster = draw(rosters)
    text, used = draw(fillers), []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(roster))
        form = draw(st.sampled_from(forms_of(name)))
        # Latin, Cyrillic … names need a word boundary; CJK, Thai and kana text runs on.
        if text and not (unspaced(text[-1]) or unspaced(form[0])
                         or unicodedata.category(text[-1])[0] not in "LMN"):
            text += " "
        text += form + draw(fillers)
        used.append(form)
    return roster, text, used


def _contains(text: str, form: str) -> bool:
    return fold(form) in fold(text)


@settings(max_examples=300, deadline=None)
@given(roster_and_note())
def test_every_form_of_a_name_is_gone_from_a_no_names_export(case):
    roster, note, used = case
    live = Live(roster=roster, fmt=FORMAT)
    live.do("add_note", note)
    data = to_json(live.m, live.at, names=False)
    text = data["notes"][0]["text"]
    assert find(text, roster) == []
    for form in used:
        assert not _contains(text, form) or any(
            fold(form) in fold(f"Member {i}") for i in range(1, 10)), (note, text)
    md = to_markdown(live.m, live.at, names=False)
    for name in roster:
        assert fold(name) not in fold(md.split("## Notes")[1]), md


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=8, unique_by=fold),
       st.lists(st.integers(0, 7), max_size=10), st.randoms(), st.booleans())
def test_no_names_numbering_is_seat_order_without_gaps(roster, queued, rnd, absences):
    live = Live(roster=[], fmt=FORMAT)
    for i in queued:  # people queued before the roster was made, in any order and spelling
        name = roster[i % len(roster)]
        if live.state.waiting(name) is None:
            live.do("queue", rnd.choice(forms_of(name)[:3]))
    live.do("set_roster", roster)
    here = [n for n in roster if not absences or rnd.random() < 0.6]
    if absences and here:
        live.do("take_attendance", here, roster)
    while live.state.queue:
        live.do("next")  # everyone queued speaks, here or not
    data = to_json(live.m, live.at, names=False)
    people = [p["name"] for p in data["people"]]
    assert people == [f"Member {i}" for i in range(1, len(people) + 1)]
    turns = {t["name"] for t in data["turns"]}
    assert turns <= set(people)
    if not absences:
        assert len(people) == len(roster)
    assert all(n not in json.dumps(data, ensure_ascii=False) for n in roster)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=10, unique_by=fold), st.data())
def test_any_form_completes_to_the_roster_spelling(roster, data):
    name = data.draw(st.sampled_from(roster))
    form = data.draw(st.sampled_from(forms_of(name)))
    assert complete(form, roster) == name


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.lists(st.sampled_from(POOL), max_size=6, unique_by=fold))
def test_replace_never_breaks_on_any_text(text, roster):
    mapping = {n: f"Member {i + 1}" for i, n in enumerate(roster)}
    out = replace(text, mapping)
    assert isinstance(out, str)
    if not find(text, roster):
        assert out == text
