"""A meeting log's append encodes only the new event (make bench: action latency):
the file must stay exactly what a whole rewrite would give, whatever happened before."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomtui.storage import MeetingLog
from roomtui.storage.atomic import dump_json

texts = st.text(max_size=12)
extras = st.dictionaries(st.sampled_from(["name", "text", "x"]), texts, max_size=3)
events = st.lists(extras, max_size=12)


def _event(i: int, extra: dict) -> dict:
    return {"seq": i, "type": "queued", "at": 1.0 + i, "name": "Ana", **extra}


@settings(max_examples=40, deadline=None)
@given(first=events, second=st.lists(extras, min_size=1, max_size=12))
def test_appended_file_equals_a_whole_rewrite_across_reopen(tmp_path_factory, first, second):
    path = tmp_path_factory.mktemp("log") / "m.json"
    log = MeetingLog(path)
    for i, extra in enumerate(first):
        log.append(_event(i, extra))
    log.close()
    log = MeetingLog(path)  # a resumed meeting: the encoded rows are rebuilt once
    for i, extra in enumerate(second, start=len(first)):
        log.append(_event(i, extra))
    raw = path.read_bytes()
    data = json.loads(raw)
    assert raw == dump_json(data)
    assert list(data["events"]) == [str(i) for i in range(1, len(first) + len(second) + 1)]
    assert MeetingLog(path).events() == log.events() == [
        _event(i, e) for i, e in enumerate(first + second)]


def test_an_outside_rewrite_between_appends_is_kept(tmp_path):
    """If the file changed under the writer, the next append starts from the new file."""
    path = tmp_path / "m.json"
    log = MeetingLog(path)
    log.append(_event(0, {}))
    log.append(_event(1, {}))
    other = MeetingLog(path)
    other.append(_event(2, {"name": "from elsewhere"}))
    log.append(_event(3, {}))
    assert [e["seq"] for e in MeetingLog(path).events()] == [0, 1, 2, 3]


def test_the_appended_event_is_a_copy(tmp_path):
    path = tmp_path / "m.json"
    log = MeetingLog(path)
    event = _event(0, {"name": "Ana"})
    log.append(event)
    event["name"] = "changed after saving"
    assert log.events()[0]["name"] == "Ana"
    assert json.loads(path.read_bytes())["events"]["1"]["name"] == "Ana"


def test_a_failed_append_leaves_the_file_and_memory_as_on_disk(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    log = MeetingLog(path)
    log.append(_event(0, {}))
    import roomtui.storage.atomic as atomic

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "atomic_write_bytes", broken)
    with pytest.raises(OSError):
        log.append(_event(1, {}))
    monkeypatch.undo()
    assert [e["seq"] for e in log.events()] == [0]
    log.append(_event(1, {}))
    assert [e["seq"] for e in MeetingLog(path).events()] == [0, 1]
