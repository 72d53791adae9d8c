"""The raised-hands inbox: hostile files get a clear reason, never a crash."""

from __future__ import annotations

import os
import stat
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.views import inbox


def box(data_dir):
    return inbox.folder(data_dir, "g1")


def drop(data_dir, name: str, raw: bytes) -> None:
    (box(data_dir) / name).write_bytes(raw)


def test_a_hand_round_trips_private_and_in_order(data_dir):
    inbox.raise_hand(data_dir, "g1", "  Ana  ", at=10.0)
    inbox.raise_hand(data_dir, "g1", "Ben", at=11.0)
    found = inbox.pending(data_dir, "g1")
    assert [(h.name, h.at) for h in found] == [("Ana", 10.0), ("Ben", 11.0)]
    folder = box(data_dir)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    inbox.discard(data_dir, "g1", found[0].key)
    assert [h.name for h in inbox.pending(data_dir, "g1")] == ["Ben"]


def test_a_bad_name_is_refused_before_anything_is_written(data_dir):
    import pytest

    from roomtui.meeting.text import TextRefused

    with pytest.raises(TextRefused):
        inbox.raise_hand(data_dir, "g1", "\x1b[2J  \x00")
    assert list(box(data_dir).iterdir()) == []


def test_hostile_files_each_get_a_reason(data_dir):
    drop(data_dir, "1.hand.json", b"{not json")
    drop(data_dir, "2.hand.json", b"\xff\xfe{}")
    drop(data_dir, "3.hand.json", b"x" * (1024 * 1024))
    drop(data_dir, "4.hand.json", b'{"nom": "Ana"}')
    drop(data_dir, "5.hand.json", b'{"name": "\\u0000\\u001b[31m"}')
    drop(data_dir, "6.hand.json", ('{"name": "' + "a" * 10_000 + '"}').encode())
    drop(data_dir, "7.hand.json", b'{"name": "[bold red]Zo\xc3\xab[/] \\u001b[2J\\u202eAna", "at": "x"}')
    (box(data_dir) / "8.hand.json").mkdir()
    os.symlink("/etc/passwd", box(data_dir) / "9.hand.json")
    found = {item.key: item for item in inbox.pending(data_dir, "g1")}
    reasons = {k: getattr(v, "reason", None) for k, v in found.items()}
    assert reasons["1.hand.json"] == "not valid JSON"
    assert reasons["2.hand.json"] == "not UTF-8 text"
    assert reasons["3.hand.json"] == "larger than 4096 bytes"
    assert reasons["4.hand.json"] == "no name in it"
    assert reasons["5.hand.json"] == "A name cannot be empty"
    assert reasons["6.hand.json"] == "larger than 4096 bytes"
    assert "not a plain file" in reasons["8.hand.json"]
    assert "link" in reasons["9.hand.json"]
    ok = found["7.hand.json"]
    assert isinstance(ok, inbox.Hand)
    assert ok.name == "[bold red]Zoë[/] Ana" and ok.at == 0.0  # literal, no escapes
    for key in found:
        inbox.discard(data_dir, "g1", key)
    assert os.path.exists("/etc/passwd")
    assert sorted(p.name for p in box(data_dir).iterdir()) == []


def test_writes_in_flight_are_not_read(data_dir):
    drop(data_dir, ".1.hand.json.123.abcd.tmp-roomtui", b"{")
    assert inbox.pending(data_dir, "g1") == []


def test_discard_never_leaves_the_folder(data_dir, tmp_path):
    outside = tmp_path / "keep.txt"
    outside.write_text("x")
    inbox.discard(data_dir, "g1", "../../keep.txt")
    inbox.discard(data_dir, "g1", "..")
    assert outside.exists()


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8",
                                                                                 "surrogatepass")))
def test_any_bytes_parse_to_a_clean_hand_or_a_reason(raw):
    item = inbox._parse("k", raw)
    if isinstance(item, inbox.Hand):
        assert item.name and item.name == item.name.strip()
        assert not any(unicodedata.category(ch) == "Cc" for ch in item.name)
        assert not set(item.name) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    else:
        assert item.reason
