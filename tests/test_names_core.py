"""The person matcher (meeting/names.py): one fold key, prefixes, whole words in any script."""

from __future__ import annotations

import pytest

from roomtui.meeting import names
from roomtui.meeting.names import complete, find, fold, near, replace, resolve, seat_pick
from roomtui.meeting.notes import names_in, with_initials
from roomtui.records.export import to_json, to_markdown
from tests.meeting_helpers import FORMAT, Live

CIRCLE = ["José", "Zoë", "Ngozi", "李雷", "Aisha", "Søren", "Priya", "Mateus"]


@pytest.mark.parametrize("typed, name", [
    ("zoe", "Zoë"), ("ZOE", "Zoë"), ("Zoe\u0308", "Zoë"), ("Ｚｏｅ", "Zoë"),
    ("soren", "Søren"), ("jose", "José"), ("STRASSE", "Straße"), ("Lodz", "Łódź"),
    ("aeron", "Æron"), ("dorde", "Đorđe"), ("istanbul", "İstanbul"), ("ılgın", "Ilgın"),
    ("Francois", "François"), ("Nguyen", "Nguyễn"), ("محمد", "مُحَمَّد"),
    ("مهرداد", "مهر\u200cداد"), ("  Ana   Lopez ", "Ana Lopez"),
])
def test_one_key_folds_case_width_accents_and_joiners(typed, name):
    assert fold(typed) == fold(name)


@pytest.mark.parametrize("a, b", [
    ("Ana", "Ann"), ("李雷", "李"), ("प्रिया", "प्रया"), ("Zoë", "Zoey"), ("สมชาย", "สมชัย"),
])
def test_different_names_stay_different(a, b):
    # Vowel signs and viramas of Indic and Thai scripts are letters, not accents.
    assert fold(a) != fold(b)


def test_completion_takes_the_person_the_typed_text_is_then_a_prefix():
    assert complete("zoe", CIRCLE) == "Zoë"
    assert complete("so", CIRCLE) == "Søren"
    assert complete("pri", CIRCLE) == "Priya"
    assert complete("李", CIRCLE) == "李雷"
    assert complete("xavier", CIRCLE) is None
    assert complete("", CIRCLE) is None
    # The exact person beats a longer name that starts the same way.
    assert complete("ana", ["Anabel", "Ana"]) == "Ana"


def test_resolve_needs_one_person():
    assert resolve("Pri", CIRCLE) == "Priya"
    assert resolve("Pri", CIRCLE + ["Prince"]) is None
    assert resolve("priya", CIRCLE + ["Priyanka"]) == "Priya"
    assert resolve("nobody", CIRCLE) is None


def test_near_matches_for_a_name_that_matches_nobody():
    assert "Søren" in near("Soern", CIRCLE)
    assert "Mateus" in near("Mateo", CIRCLE)
    assert near("Qwxyz", CIRCLE) == []


def test_seat_numbers_pick_people_unless_a_name_is_that_number():
    seats = ["Ana", "Ben", "Cara"]
    assert seat_pick("2", seats) == "Ben"
    assert seat_pick(" 3 ", seats) == "Cara"
    assert seat_pick("4", seats) is None and seat_pick("0", seats) is None
    assert seat_pick("Ben", seats) is None
    assert seat_pick("2", ["Ana", "2"]) is None


@pytest.mark.parametrize("text, found", [
    ("jose seemed tired", ["José"]),
    ("Zoe asked for the leaflet", ["Zoë"]),
    ("李雷说谢谢大家", ["李雷"]),
    ("Priya和李雷聊了", ["Priya", "李雷"]),
    ("ngozi's mug", ["Ngozi"]),
    ("Ngozi’s mug", ["Ngozi"]),
    ("SØREN!", ["Søren"]),
    ("sorensen is not soren", ["Søren"]),
    ("Aishaa and bAisha are nobody", []),
    ("mateusz is someone else", []),
])
def test_names_in_notes_any_form_script_aware_boundaries(text, found):
    assert names_in(text, CIRCLE) == found


def test_unspaced_scripts_thai_and_japanese():
    assert names_in("วันนี้สมชายมาสาย", ["สมชาย"]) == ["สมชาย"]
    assert names_in("きょうはさくらさんが来た", ["さくら"]) == ["さくら"]
    assert names_in("민수가 왔다", ["민수"]) == ["민수"]


def test_spans_are_the_text_as_written():
    text = "thanks Zoe\u0308, and JOSÉ"
    spans = [text[f.start:f.end] for f in find(text, CIRCLE)]
    assert spans == ["Zoe\u0308", "JOSÉ"]


def test_initials_hint_uses_the_roster_spelling():
    assert with_initials("zoe and 李雷说", CIRCLE) == "Z. and 李.说"
    assert with_initials("ana lopez came", ["Ana Lopez"]) == "A.L. came"


def test_replace_every_form_longest_first():
    mapping = {"Ana Lopez": "Member 1", "Ana": "Member 2", "Zoë": "Member 3"}
    assert replace("ana lopez and Ana", mapping) == "Member 1 and Member 2"
    assert replace("A.L. and A. L. said", mapping) == "Member 1 and Member 1 said"
    assert replace("Lopez came", mapping) == "Member 1 came"
    assert replace("banana", mapping) == "banana"
    assert replace("zoe's idea, Z. agreed", mapping) == "Member 3's idea, Member 3 agreed"


def test_a_word_shared_by_two_people_names_nobody_in_particular():
    mapping = {"Ana B.": "Member 1", "Ana 2": "Member 2"}
    assert replace("Ana came", mapping) == "a member came"
    assert replace("Ana B. came", mapping) == "Member 1 came"


def test_no_names_export_from_the_issue():
    live = Live(roster=["José", "Zoë", "李雷"], fmt=FORMAT)
    for text in ("jose seemed tired", "Zoe asked for the leaflet", "李雷说谢谢大家",
                 "Priya和李雷聊了"):
        live.do("add_note", text)
    data = to_json(live.m, live.at, names=False)
    assert [n["text"] for n in data["notes"]] == [
        "Member 1 seemed tired", "Member 2 asked for the leaflet", "Member 3说谢谢大家",
        "Priya和Member 3聊了"]
    md = to_markdown(live.m, live.at, names=False)
    for form in ("jose", "José", "Zoe", "Zoë", "李雷"):
        assert form not in md


def test_no_names_numbering_follows_seat_order_without_gaps():
    live = Live(roster=[], fmt=FORMAT)
    for name in ("Cara", "Ana", "Ben"):  # queued before the roster was made
        live.do("queue", name)
    live.do("set_roster", ["Ana", "Ben", "Cara", "Dev"])
    live.do("next")
    data = to_json(live.m, live.at, names=False)
    assert [p["name"] for p in data["people"]] == [f"Member {i}" for i in range(1, 5)]
    assert data["turns"][0]["name"] == "Member 3"  # Cara sits third


def test_roster_changes_mid_meeting_set_seat_order_and_rounds():
    live = Live(roster=[], fmt=FORMAT)
    live.do("queue", "Zoë")
    assert live.state.guests == ["Zoë"]
    live.do("set_roster", ["Ana", "Zoë", "Ben"])
    assert live.state.people() == ["Ana", "Zoë", "Ben"]
    live.do("next")
    live.do("next")
    live.do("start_round")
    assert [live.state.current.name] + live.state.round_left == ["Ana", "Zoë", "Ben"]
    # Queueing a roster member is never a guest.
    live.m.apply(live.m.set_roster(["Ana", "Zoë", "Ben", "Dev"], live.at))
    ev = live.m.queue("dev", live.at)
    assert ev["name"] == "Dev" and ev["guest"] is False


def test_unspaced_detection():
    assert names.unspaced("李") and names.unspaced("ก") and not names.unspaced("a")


def test_review_search_ignores_accents_and_case():
    from roomtui.records.archive import Listing, search

    listing = Listing({"id": "m1", "notes": [{"tag": "theme", "text": "José and SØREN"},
                                             {"tag": "care", "text": "Zoë is tired"}]})
    assert [n["text"] for n in search([listing], "jose")[0].notes] == ["José and SØREN"]
    assert [n["text"] for n in search([listing], "soren jose")[0].notes] == ["José and SØREN"]
    assert [n["text"] for n in search([listing], "ZOE")[0].notes] == ["Zoë is tired"]
    assert search([listing], "zoey") == []


def test_a_mentor_typed_without_accents_is_found(tmp_path):
    from roomtui import groups
    from roomtui.session import open_session

    session = open_session(tmp_path, "Circle", clock=lambda: 1_000_000.0)
    try:
        for name in ("Zoë", "Søren", "Priya"):
            groups.add_person(session, name)
        assert groups.set_mentor(session, 0, "soren") == "Søren"
        assert groups.set_mentor(session, 1, "pri") == "Priya"
        with pytest.raises(Exception, match="No one called"):
            groups.set_mentor(session, 1, "xavier")
        # Seat order: the open meeting follows the roster as it changes.
        assert session.state.people() == ["Zoë", "Søren", "Priya"]
        groups.move_person(session, 2, -2)
        assert session.state.people() == ["Priya", "Zoë", "Søren"]
    finally:
        session.close()


def test_the_roster_refuses_a_second_spelling_of_one_person():
    from roomtui.roster import RosterRefused, check_name

    roster = [{"name": "Zoë"}, {"name": "Søren"}]
    with pytest.raises(RosterRefused, match="Someone is already called Zoë"):
        check_name("ZOE", roster)
    with pytest.raises(RosterRefused, match="Søren"):
        check_name("soren", roster)
    assert check_name("Zoë B.", roster) == "Zoë B."
    assert check_name("soren", roster, skip=1) == "soren"  # renaming Søren himself
