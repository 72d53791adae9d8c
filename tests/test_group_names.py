"""One name key for groups: a group is found by any spelling that the create check
calls taken (case, width, accents, spacing), by every command that looks one up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui import groups
from roomtui.roster import RosterRefused, group_key
from roomtui.session import open_session
from roomtui.storage import GroupBook, locations
from roomtui.views.follow import missing_group

SPELLINGS = ["café  tuesday", "CAFE TUESDAY", "Cafe\u0301 Tuesday", "ＣＡＦＥ Tuesday"]


@pytest.mark.parametrize("typed", SPELLINGS)
def test_every_lookup_finds_the_group_the_create_check_calls_taken(data_dir, clock, typed):
    session = open_session(data_dir, clock=clock)
    try:
        made = groups.create_group(session, "Café Tuesday")
        with pytest.raises(RosterRefused, match="already a group"):
            groups.create_group(session, typed)
    finally:
        session.close()
    book = GroupBook(locations.groups_file(data_dir), readonly=True)
    assert book.find(typed)["id"] == made["id"]  # --group, roomtui protect
    assert missing_group(data_dir, typed) == ""  # watch and room: no "no such group"
    other = open_session(data_dir, typed, clock=clock)
    try:
        assert other.group["id"] == made["id"]  # not a new group of that spelling
    finally:
        other.close()


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_find_and_the_taken_check_agree_on_any_two_names(tmp_path_factory, first, second):
    path = tmp_path_factory.mktemp("groups") / "groups.json"
    book = GroupBook(path)
    made = book.create(first)
    found = book.find(second)
    assert (found is not None and found["id"] == made["id"]) == (group_key(first) == group_key(second))
