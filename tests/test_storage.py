"""Storage: private modes, damaged files left alone, temp-file cleaning, the event log, the lock.

DESIGN.md, "Storage principles". Fast tests; the few that need a second process start a
small ``python -c`` (or fork) and wait for it with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roomtui.cli import main as cli_main
from roomtui.session import open_session
from roomtui.storage import (
    AlreadyOpen,
    DamagedFile,
    GroupBook,
    MeetingIndex,
    MeetingLog,
    WriterLock,
    atomic_write_bytes,
    clean_temp_files,
    ensure_dir,
    is_locked,
    locations,
)
from roomtui.storage.atomic import (
    TMP_SUFFIX,
    AtomicJSONStorage,
    ReadOnlyStorage,
    loose_folders,
)

DEADLINE = 30.0  # seconds; generous, the machine is shared


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f".*{TMP_SUFFIX}"))


def ev(seq: int, **extra) -> dict:
    return {"seq": seq, "type": "queued", "at": 1_795_000_000.0 + seq, "name": "Ana", **extra}


# -- modes ---------------------------------------------------------------------------


def test_atomic_write_makes_0600_files_under_umask_022(tmp_path, umask_022):
    path = tmp_path / "a.json"
    atomic_write_bytes(path, b'{"x": 1}')
    assert path.read_bytes() == b'{"x": 1}'
    assert mode(path) == 0o600

    # Replacing a file someone made 0644 leaves a 0600 file, not the old mode.
    other = tmp_path / "b.json"
    other.write_bytes(b"old")
    os.chmod(other, 0o644)
    atomic_write_bytes(other, b"new")
    assert other.read_bytes() == b"new"
    assert mode(other) == 0o600
    assert temp_files(tmp_path) == []


def test_atomic_write_is_0600_even_with_umask_000(tmp_path):
    old = os.umask(0)
    try:
        atomic_write_bytes(tmp_path / "c.json", b"{}")
    finally:
        os.umask(old)
    assert mode(tmp_path / "c.json") == 0o600


def test_ensure_dir_makes_0700_and_leaves_a_folder_it_did_not_make(tmp_path, umask_022):
    fresh = ensure_dir(tmp_path / "fresh")
    assert fresh.is_dir() and mode(fresh) == 0o700

    nested = ensure_dir(tmp_path / "p" / "q" / "leaf")
    assert mode(nested) == 0o700

    # A folder already there is not roomtui's to chmod (#11: a --data-dir of 1777 became
    # 0700, even for `sessions`): left as it is, and noted when others can open it.
    old = tmp_path / "old"
    old.mkdir()
    os.chmod(old, 0o1777)
    assert ensure_dir(old) == old
    assert stat.S_IMODE(os.stat(old).st_mode) == 0o1777
    assert any(str(old) in s and "1777" in s and "chmod 700" in s for s in loose_folders())

    # The folders roomtui asks for by name go through the same door.
    root = tmp_path / "data"
    root.mkdir()
    os.chmod(root, 0o755)
    root = locations.data_dir(root)
    assert mode(root) == 0o755
    assert mode(locations.meetings_dir(root)) == 0o700  # made by roomtui
    assert mode(locations.locks_dir(root)) == 0o700


def test_a_loose_data_dir_is_kept_and_the_command_says_so(tmp_path, capsys):
    root = tmp_path / "shared"
    root.mkdir()
    os.chmod(root, 0o1777)
    assert cli_main(["sessions", "--data-dir", str(root)]) == 0
    err = capsys.readouterr().err
    assert str(root) in err and "chmod 700" in err
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o1777


@pytest.mark.parametrize("which", ["lock", "groups-lock", "index-lock", "log"])
def test_links_are_never_followed_for_roomtuis_own_files(tmp_path, which, capsys):
    root = locations.data_dir(tmp_path / "data")
    open_session(root).close()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.chmod(victim, 0o644)
    gid = GroupBook(locations.groups_file(root)).all()[0]["id"]
    link = {
        "lock": locations.group_lock(root, gid),
        "groups-lock": root / ".groups.json.lock",
        "index-lock": root / ".index.json.lock",
        "log": locations.log_file(root),
    }[which]
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    if which == "log":
        with pytest.raises(DamagedFile) as err:
            locations.open_log(link)
    else:
        with pytest.raises(DamagedFile) as err:
            open_session(root, new=True)  # a new meeting: every one of these files is used
    assert "symbolic link" in err.value.message() and str(link) in err.value.message()
    assert victim.read_text() == "precious" and mode(victim) == 0o644
    if which != "log":
        assert cli_main(["retention", "30", "--data-dir", str(root)]) in (0, 2)
        assert victim.read_text() == "precious" and mode(victim) == 0o644


def test_a_whole_session_leaves_only_private_files(tmp_path, umask_022):
    root = tmp_path / "data"  # made by roomtui (a folder already there is left as it is)
    session = open_session(root, clock=lambda: 1_795_000_000.0)  # not via data_dir
    try:
        meeting = session.meeting
        session.record(meeting.queue("Ana", session.now()))
        session.record(meeting.queue("A guest", session.now()))  # rewrites groups.json too
        session.record(meeting.next(session.now()))
    finally:
        session.close()
    seen = 0
    for folder, _dirs, files in os.walk(root):
        assert mode(Path(folder)) == 0o700, folder
        for name in files:
            seen += 1
            assert mode(Path(folder) / name) == 0o600, name
    assert seen >= 4  # groups, index, the meeting, the lock


# -- damaged files are refused and left exactly as they were ------------------------

GOOD_EVENT = b'{"seq":0,"type":"meeting_started","at":1.0}'
DAMAGED = {
    "not json": b"this is not json at all\n",
    "truncated": b'{"events":{"1":' + GOOD_EVENT[:20],
    "empty": b"",
    "only spaces": b"  \n ",
    "a json list": b'[{"seq":0,"type":"meeting_started","at":1.0}]',
    "a json number": b"42",
    "null": b"null",
    "table is a list": b'{"events":[' + GOOD_EVENT + b"]}",
    "record is a string": b'{"events":{"1":"seq 0"}}',
    "record id is not a number": b'{"events":{"first":' + GOOD_EVENT + b"}}",
    "not utf-8": b'{"events":{"1":{"seq":0,"type":"\xff","at":1.0}}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_meeting_file_is_refused_and_kept_byte_for_byte(tmp_path, content):
    path = tmp_path / "meeting.json"
    path.write_bytes(content)
    os.chmod(path, 0o644)
    before = os.stat(path)

    log = MeetingLog(path)
    with pytest.raises(DamagedFile) as read_err:
        log.events()
    with pytest.raises(DamagedFile) as write_err:
        log.append(ev(0))
    with pytest.raises(DamagedFile):
        MeetingLog(path, readonly=True).events()

    for err in (read_err.value, write_err.value):
        assert str(path) in str(err)
        assert err.path == path
        assert str(path) in err.message()
        assert "left exactly as it was" in err.message()
    after = os.stat(path)
    assert path.read_bytes() == content
    assert (after.st_ino, after.st_mtime_ns, mode(path)) == (before.st_ino, before.st_mtime_ns, 0o644)
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("content", [DAMAGED["truncated"], DAMAGED["a json list"]])
def test_damaged_groups_file_stops_the_session_and_is_kept(tmp_path, content):
    root = locations.data_dir(tmp_path / "data")
    groups = locations.groups_file(root)
    groups.write_bytes(content)
    with pytest.raises(DamagedFile) as err:
        open_session(root)
    assert err.value.path == groups
    assert groups.read_bytes() == content
    # GroupBook and MeetingIndex refuse it the same way.
    with pytest.raises(DamagedFile):
        GroupBook(groups).create("New group")
    assert groups.read_bytes() == content
    index = locations.index_file(root)
    index.write_bytes(content)
    with pytest.raises(DamagedFile):
        MeetingIndex(index).add({"id": "x", "group": "g", "started_at": 1.0})
    assert index.read_bytes() == content


def test_cli_names_the_damaged_file_and_exits_2(tmp_path, capsys):
    root = locations.data_dir(tmp_path / "data")
    groups = locations.groups_file(root)
    groups.write_bytes(DAMAGED["truncated"])
    code = cli_main(["retention", "30", "--data-dir", str(root)])
    out, err = capsys.readouterr()
    assert code == 2
    assert str(groups) in err
    assert "Traceback" not in err + out
    assert groups.read_bytes() == DAMAGED["truncated"]


def test_storage_read_only_refuses_writes(tmp_path):
    path = tmp_path / "m.json"
    writer = MeetingLog(path)
    writer.append(ev(0))
    raw = path.read_bytes()
    reader = MeetingLog(path, readonly=True)
    with pytest.raises(ReadOnlyStorage):
        reader.append(ev(1))
    assert path.read_bytes() == raw
    with pytest.raises(ReadOnlyStorage):
        AtomicJSONStorage(path, readonly=True).write({})
    assert path.read_bytes() == raw


# -- temp files ----------------------------------------------------------------------


def _dead_pid() -> int:
    """A pid no process can have (above the kernel's limit)."""
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text()) + 17
    except OSError:
        return 2**22 + 17


def test_clean_temp_files_removes_leftovers_and_nothing_else(tmp_path):
    leftovers = [
        f".m.json.{_dead_pid()}.0a1b2c3d{TMP_SUFFIX}",  # writer died mid-write
        f".groups.json.{os.getpid()}.deadbeef{TMP_SUFFIX}",  # ours, from before a restart
        f".odd-name{TMP_SUFFIX}",  # no pid in it: treated as a leftover
    ]
    keep = [
        "m.json",
        ".hidden",
        f"x{TMP_SUFFIX}",  # no leading dot: not ours
        f".m.json.1.ab{TMP_SUFFIX}.bak",
        ".m.json.1.ab.tmp-roomtu",
        "notes.txt",
    ]
    for name in leftovers + keep:
        (tmp_path / name).write_bytes(b"{}")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / f".m.json.{_dead_pid()}.ab{TMP_SUFFIX}").write_bytes(b"{}")  # not recursive

    removed = clean_temp_files(tmp_path)

    assert sorted(p.name for p in removed) == sorted(leftovers)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep + ["sub"])
    assert len(list(sub.iterdir())) == 1
    assert clean_temp_files(tmp_path) == []
    assert clean_temp_files(tmp_path / "missing") == []


def _append_for(path: str, seconds: float, conn) -> None:
    log = MeetingLog(Path(path))
    n = len(log.events())
    failures = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            log.append(ev(n))
            n += 1
        except OSError as err:
            failures.append(repr(err))
    conn.send((n, failures[:3], len(failures)))
    conn.close()


def test_cleaning_never_takes_a_live_writers_temp_file(tmp_path):
    """A second roomtui starting (another group, or one about to be refused) cleans temp
    files: it must not remove the running writer's temp file between fsync and replace."""
    path = tmp_path / "m.json"
    MeetingLog(path).append(ev(0))
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_append_for, args=(str(path), 1.5, child), daemon=True)
    proc.start()
    child.close()
    try:
        while proc.is_alive() and not parent.poll(0):
            clean_temp_files(tmp_path)
        assert parent.poll(DEADLINE), "the writer never reported"
        appended, sample, failed = parent.recv()
    finally:
        proc.join(DEADLINE)
        if proc.is_alive():
            proc.kill()
    assert failed == 0, f"{failed} appends failed while another process cleaned: {sample}"
    assert appended > 1
    assert len(MeetingLog(path, readonly=True).events()) == appended


# -- the event log -------------------------------------------------------------------


def test_meeting_log_round_trip(tmp_path):
    path = tmp_path / "meetings" / "m.json"
    ensure_dir(path.parent)
    log = MeetingLog(path)
    assert log.events() == []
    written = [
        {"seq": 0, "type": "meeting_started", "at": 1.5, "id": "m", "group": "G",
         "format": {"phases": [{"name": "Ö"}]}},
        ev(1, name="Zoë [bold]x[/]", guest=True),
        ev(2, name="Ana\u202e", direct=False),
        {"seq": 3, "type": "next", "at": 4.25},
        {"seq": 4, "type": "from the future", "at": 5.0, "extra": [1, None, "two"]},
    ]
    for event in written:
        log.append(event)
        # durable when append returns: a fresh reader sees it at once
        assert MeetingLog(path, readonly=True).events()[-1] == event
    assert log.events() == written
    log.close()
    assert MeetingLog(path).events() == written
    assert json.loads(path.read_bytes())["events"]  # plain JSON on disk
    assert mode(path) == 0o600
    assert temp_files(path.parent) == []


def test_events_come_back_in_seq_order_and_gaps_are_refused(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"events": {"1": ev(1), "2": ev(0)}}))
    assert [e["seq"] for e in MeetingLog(path).events()] == [0, 1]
    path.write_text(json.dumps({"events": {"1": ev(0), "2": ev(2)}}))
    with pytest.raises(DamagedFile, match="event 1 is missing"):
        MeetingLog(path).events()
    path.write_text(json.dumps({"events": {"1": {"seq": 0, "type": "x"}}}))
    with pytest.raises(DamagedFile, match="event 0: 'at' should be a number"):
        MeetingLog(path).events()


def test_reader_sees_new_events_without_reopening(tmp_path):
    path = tmp_path / "m.json"
    reader = MeetingLog(path, readonly=True)
    assert reader.events() == []  # no file yet
    writer = MeetingLog(path)
    for n in range(1, 41):  # quickly: several writes share one mtime tick
        writer.append(ev(n - 1))
        seen = reader.events()
        assert len(seen) == n
        assert seen[-1] == ev(n - 1)
    # and unchanged files are not re-parsed into something different
    assert reader.events() == writer.events()
    # a second storage object on the same file also follows
    other = MeetingLog(path, readonly=True)
    assert len(other.events()) == 40
    writer.append(ev(40))
    assert len(other.events()) == len(reader.events()) == 41


# -- the writer lock -----------------------------------------------------------------

HOLD_LOCK = """
import sys
from roomtui.storage import WriterLock
lock = WriterLock(sys.argv[1]).acquire()
print("held", flush=True)
sys.stdin.read()
"""

HOLD_SESSION = """
import sys
from pathlib import Path
from roomtui.session import open_session
session = open_session(Path(sys.argv[1]))
print("open", session.group["id"], flush=True)
sys.stdin.read()
session.close()
print("closed", flush=True)
"""


def read_line(proc: subprocess.Popen, timeout: float = DEADLINE) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        pytest.fail(f"child said nothing within {timeout}s: {proc.stderr.read()}")
    line = proc.stdout.readline()
    if not line:
        proc.wait(DEADLINE)
        pytest.fail(f"child ended early (code {proc.returncode}): {proc.stderr.read()}")
    return line.strip()


@pytest.fixture
def child():
    """``child(code, *args)`` starts ``python -c code args`` with pipes; every child is
    killed if still running, and reaped, at the end of the test."""
    started: list[subprocess.Popen] = []

    def start(code: str, *args: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(DEADLINE)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


@pytest.mark.process
def test_second_writer_lock_in_another_process_is_refused(tmp_path, child):
    path = tmp_path / "g.lock"
    holder = child(HOLD_LOCK, str(path))
    assert read_line(holder) == "held"
    assert is_locked(path)
    assert mode(path) == 0o600

    with pytest.raises(AlreadyOpen) as err:
        WriterLock(path).acquire()
    assert err.value.pid == str(holder.pid)
    assert err.value.path == path

    holder.stdin.close()  # ends cleanly; the lock goes with the process
    assert holder.wait(DEADLINE) == 0
    assert not is_locked(path)
    with WriterLock(path) as lock:
        assert lock.held
        assert path.read_text() == str(os.getpid())
    assert not is_locked(path)


@pytest.mark.process
def test_lock_is_freed_when_the_holder_is_killed(tmp_path, child):
    path = tmp_path / "g.lock"
    holder = child(HOLD_LOCK, str(path))
    assert read_line(holder) == "held"
    with pytest.raises(AlreadyOpen):
        WriterLock(path).acquire()

    holder.kill()  # SIGKILL: no chance to release anything
    assert holder.wait(DEADLINE) == -9

    lock = WriterLock(path).acquire()
    try:
        assert lock.held
        assert is_locked(path)  # now ours
        assert path.read_text() == str(os.getpid())  # the dead pid is gone from the file
    finally:
        lock.release()
    assert not is_locked(path)


@pytest.mark.process
def test_second_session_on_the_same_group_is_refused(tmp_path, child):
    root = locations.data_dir(tmp_path / "data")
    first = child(HOLD_SESSION, str(root))
    word, group_id = read_line(first).split()
    assert word == "open"
    meeting_files = {p: p.read_bytes() for p in locations.meetings_dir(root).iterdir()}
    assert len(meeting_files) == 1

    with pytest.raises(AlreadyOpen) as err:
        open_session(root)
    assert err.value.pid == str(first.pid)
    assert err.value.path == locations.group_lock(root, group_id)
    # the refused one changed nothing of the running meeting
    assert {p: p.read_bytes() for p in locations.meetings_dir(root).iterdir()} == meeting_files

    first.stdin.close()
    assert read_line(first) == "closed"
    assert first.wait(DEADLINE) == 0
    session = open_session(root)  # free again: the same meeting resumes
    try:
        assert session.resumed
        assert session.group["id"] == group_id
        assert session.state.id == next(iter(meeting_files)).stem
    finally:
        session.close()


@pytest.mark.process
def test_two_processes_updating_groups_lose_nothing(tmp_path):
    """groups.json is shared by every roomtui process: concurrent updates all land."""
    import multiprocessing

    from roomtui.storage import GroupBook

    path = tmp_path / "groups.json"
    GroupBook(path).create("Shared")

    def worker(tag: str) -> None:
        book = GroupBook(path)
        gid = book.find("Shared")["id"]
        for i in range(40):
            book.modify(gid, lambda g, i=i: {"roster": [*g["roster"], {"name": f"{tag}{i}"}]})

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=worker, args=(t,)) for t in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    names = {p["name"] for p in GroupBook(path).find("Shared")["roster"]}
    assert len(names) == 80
