"""The monkey: the real roomtui apps in tmux, played by a seeded random key stream.

Plays the facilitator app, the review app, watch and room (each in its own tmux window,
all on one data folder) with keys in bursts of random sizes (letters, digits, Enter,
Escape, arrows, Tab, PageUp/PageDown, ctrl+p, ctrl+r, ctrl+t and a few of the app's
punctuation keys), with SIGSTOP/SIGCONT and resizes (80x24, 120x40, 60x15) mixed in,
and now and then a second facilitator app (refused: exit 3). An app that exits
normally (0, or 3 for a refused second app) is started again when next played.
Any other exit is a crash; its traceback is in the private log (``roomtui.log``).

After the run: the data folder loads, ``roomtui export latest --format json`` is valid
JSON and ``roomtui sessions`` lists every meeting file.

The stream is a function of the seed alone (what the apps do never changes it), and
every step taken is written down, so a failing run can be replayed::

    python -m tests.monkey --seed 19 --seconds 60        # one run
    python -m tests.monkey --replay .bench/monkey/seed-19-.../steps.json

``make test`` runs 60 s with a fixed seed (tests/test_monkey.py); ``make bench`` runs
10 minutes over fresh seeds and prints ``monkey_crashes: N`` (tests/bench/monkey.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SIZES = [(80, 24), (120, 40), (60, 15)]
NORMAL_EXITS = (0, 3)  # 3: a second facilitator app refused
KEEP = Path(__file__).resolve().parent.parent / ".bench" / "monkey"

#: Which app the keys go to, and how often (watch and room mostly just look).
APPS = {"app": 55, "review": 20, "watch": 15, "room": 10}
COMMANDS = {"app": [], "review": ["review"], "watch": ["watch"], "room": ["room"],
            "second": []}

#: tmux key names and their weights. Every lower-case letter is a key in the
#: facilitator app; a few capitals and punctuation keys open its other screens.
_KEYS: list[tuple[str, float]] = (
    [(c, 1.0) for c in "abcdefghijklmnopqrstuvwxyz"]
    + [(c, 0.6) for c in "0123456789"]
    + [(c, 0.5) for c in "ORCEX"]
    + [(c, 0.5) for c in "!?[]+-/ "]
    + [("Enter", 6.0), ("Escape", 5.0), ("Up", 2.0), ("Down", 2.0), ("Left", 1.0),
       ("Right", 1.0), ("Tab", 1.5), ("BTab", 0.3), ("PPage", 1.5), ("NPage", 1.5),
       ("Home", 0.4), ("End", 0.4), ("BSpace", 1.0), ("C-p", 1.5), ("C-r", 1.0),
       ("C-t", 1.0), ("C-q", 0.25)]
)
KEY_NAMES = [k for k, _ in _KEYS]
KEY_WEIGHTS = [w for _, w in _KEYS]


def steps(seed: int) -> Iterator[dict]:
    """The endless stream of steps for ``seed`` (independent of what the apps do)."""
    rng = random.Random(seed)
    first = rng.sample(list(APPS), len(APPS))  # every app early on, then by weight
    app = "app"
    left = 0
    while True:
        if left <= 0:  # play one app for a while, then another
            app = first.pop() if first else rng.choices(list(APPS), list(APPS.values()))[0]
            left = rng.randint(5, 30)
        left -= 1
        roll = rng.random()
        if roll < 0.03:
            w, h = rng.choice(SIZES)
            yield {"op": "resize", "w": w, "h": h}
        elif roll < 0.05:
            yield {"op": "stop", "app": app, "seconds": round(rng.uniform(0.1, 1.5), 2),
                   "keys": rng.choices(KEY_NAMES, KEY_WEIGHTS, k=rng.randint(0, 6))}
        elif roll < 0.06:
            yield {"op": "second"}
        else:
            size = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 8, 12, 20])
            yield {"op": "keys", "app": app,
                   "keys": rng.choices(KEY_NAMES, KEY_WEIGHTS, k=size)}
        yield {"op": "pause", "seconds": round(rng.choice([0, 0, 0.02, 0.05, 0.1, 0.2, 0.4,
                                                           0.8]), 2)}


@dataclass
class Crash:
    app: str
    code: int | str
    log: str  # what the private log gained (the traceback)
    screen: str  # the pane as the app left it
    step: int  # how many steps had run


@dataclass
class Result:
    seed: int | None
    seconds: float = 0.0
    steps: list[dict] = field(default_factory=list)
    exits: list[tuple[str, int | str]] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the checks after the run
    keys_sent: int = 0
    starts: dict[str, int] = field(default_factory=dict)
    tracebacks: int = 0  # "Traceback" entries in the private log
    kept: Path | None = None

    @property
    def failed(self) -> bool:
        return bool(self.crashes or self.problems or self.tracebacks)

    def summary(self) -> str:
        lines = [f"seed {self.seed}: {len(self.steps)} steps, {self.keys_sent} keys in "
                 f"{self.seconds:.0f} s; starts {self.starts}; exits "
                 f"{sorted(set(self.exits), key=str)}; crashes {len(self.crashes)}; tracebacks in "
                 f"the log {self.tracebacks}; problems {len(self.problems)}"]
        for crash in self.crashes:
            lines.append(f"  crash: {crash.app} exit {crash.code} at step {crash.step}")
            lines += ["    " + line for line in crash.log.strip().splitlines()[-12:]]
        lines += [f"  problem: {p}" for p in self.problems]
        if self.kept:
            lines.append(f"  kept in {self.kept} (replay: python -m tests.monkey --replay "
                         f"{self.kept / 'steps.json'})")
        return "\n".join(lines)


class Monkey:
    """Runs steps against the apps in one tmux server; records exits and crashes."""

    def __init__(self, root: Path, python: str = sys.executable) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("the monkey needs tmux")
        self.root = root
        self.python = python
        self.socket = f"roomtui-monkey-{uuid.uuid4().hex[:8]}"
        self.size = SIZES[0]
        self.seen: set[str] = set()  # the starts whose exit is recorded
        self.log_at = 0
        self.started: dict[str, float] = {}
        # Each app runs under a shell that writes its exit status to a file of this start
        # (``status``): tmux 3.3a can lose a pane's exit status under load (its utempter
        # helper runs with SIGCHLD at SIG_DFL, and an exit landing then is never reaped),
        # and tmux sends SIGCONT at once to a stopped pane process, so the app must not
        # be the pane's own process for a SIGSTOP to hold.
        self.statuses = Path(tempfile.mkdtemp(prefix="roomtui-monkey-status-"))
        self.status: dict[str, Path] = {}

    # -- tmux ----------------------------------------------------------------------------
    def tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-f", "/dev/null", "-L", self.socket, *args],
                              capture_output=True, text=True, check=check, timeout=30)

    def open(self) -> None:
        w, h = self.size
        env = {**os.environ, "ROOMTUI_DATA_DIR": str(self.root), "TERM": "xterm-256color"}
        env.pop("TMUX", None)
        subprocess.run(["tmux", "-f", "/dev/null", "-L", self.socket, "new-session", "-d",
                        "-s", "monkey", "-n", "hold", "-x", str(w), "-y", str(h),
                        "sleep 86400"], env=env, check=True, timeout=30)
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        self.tmux("set-option", "-g", "default-terminal", "tmux-256color")

    def close(self) -> None:
        self.tmux("kill-server")
        shutil.rmtree(self.statuses, ignore_errors=True)

    def command(self, window: str) -> str:
        """The shell line of a new start of ``window``'s app: the app, then its status
        written to this start's file (a killed app reads 128 + the signal)."""
        status = self.statuses / f"{window}-{sum(1 for _ in self.statuses.iterdir())}"
        self.status[window] = status
        args = [self.python, "-m", "roomtui", *COMMANDS[window], "--data-dir", str(self.root)]
        script = f'"$@"; echo $? > {_quote(str(status))}'
        return "exec sh -c " + " ".join(_quote(a) for a in (script, "sh", *args))

    def panes(self) -> dict[str, tuple[bool, int]]:
        """window -> (dead, the shell's pid). A pane is dead once its shell has gone,
        which is after it wrote the app's status."""
        out = self.tmux("list-panes", "-s", "-t", "monkey", "-F",
                        "#{window_name}\t#{pane_dead}\t#{pane_pid}")
        panes = {}
        for line in out.stdout.splitlines():
            name, dead, pid = (line.split("\t") + [""] * 3)[:3]
            panes[name] = (dead == "1", int(pid) if pid.strip().isdigit() else 0)
        return panes

    def app_pid(self, window: str) -> int:
        """The app's pid: the child of the pane's shell (0 when there is none)."""
        dead, shell = self.panes().get(window, (True, 0))
        if dead or not shell:
            return 0
        try:
            kids = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        except OSError:
            return 0
        return int(kids[0]) if kids else 0

    def start(self, window: str, result: Result) -> None:
        panes = self.panes()
        if window in panes:
            self.collect(result)  # its last exit, before the pane is reused
            self.tmux("respawn-pane", "-k", "-t", f"monkey:{window}", self.command(window))
        else:
            self.tmux("new-window", "-d", "-t", "monkey", "-n", window, self.command(window))
            w, h = self.size
            self.tmux("resize-window", "-t", f"monkey:{window}", "-x", str(w), "-y", str(h))
        self.started[window] = time.monotonic()
        result.starts[window] = result.starts.get(window, 0) + 1

    def alive(self, window: str) -> bool:
        dead, _pid = self.panes().get(window, (True, 0))
        return not dead

    def ensure(self, window: str, result: Result) -> None:
        self.collect(result)
        if not self.alive(window):
            self.start(window, result)

    # -- what happened -----------------------------------------------------------------------
    def log_text(self) -> str:
        path = self.root / "roomtui.log"
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def collect(self, result: Result) -> None:
        """Record every exit not yet seen; any but 0 and 3 is a crash (and so is a start
        whose shell went without writing a status: the exit is unknown)."""
        for window, (dead, _pid) in self.panes().items():
            status = self.status.get(window)
            if window == "hold" or not dead or status is None or status.name in self.seen:
                continue
            self.seen.add(status.name)
            try:
                code: int | str = int(status.read_text().strip())
            except (OSError, ValueError):
                code = "unknown"
            result.exits.append((window, code))
            if code not in NORMAL_EXITS:
                log = self.log_text()
                result.crashes.append(Crash(window, code, log[self.log_at:],
                                            self.tmux("capture-pane", "-p", "-t",
                                                      f"monkey:{window}").stdout,
                                            len(result.steps)))
                self.log_at = len(log)

    # -- steps ------------------------------------------------------------------------------
    def do(self, step: dict, result: Result) -> None:
        op = step["op"]
        if op == "pause":
            time.sleep(step["seconds"])
        elif op == "keys":
            self.ensure(step["app"], result)
            self.send(step["app"], step["keys"], result)
        elif op == "resize":
            self.size = (step["w"], step["h"])
            for window in self.panes():
                self.tmux("resize-window", "-t", f"monkey:{window}", "-x", str(step["w"]),
                          "-y", str(step["h"]))
        elif op == "stop":
            self.ensure(step["app"], result)
            pid = self.app_pid(step["app"])
            if pid:
                try:
                    os.kill(pid, signal.SIGSTOP)
                    self.send(step["app"], step["keys"], result)  # they wait in the terminal
                    time.sleep(step["seconds"])
                finally:
                    _cont(pid)
        elif op == "second":
            # a second facilitator app while the first runs: refused (exit 3)
            if self.alive("app") and not self.alive("second"):
                self.collect(result)
                self.start("second", result)
        # a second app that became the facilitator (the first had just quit) gives way
        if self.alive("second") and time.monotonic() - self.started.get("second", 0) > 8:
            self.tmux("send-keys", "-t", "monkey:second", "C-q")
        self.collect(result)

    def send(self, window: str, keys: list[str], result: Result) -> None:
        if keys:
            self.tmux("send-keys", "-t", f"monkey:{window}", *keys)
            result.keys_sent += len(keys)

    def finish(self, result: Result, timeout: float = 30.0) -> None:
        """ctrl+q to every app still running; one that does not go is a crash (a hang)."""
        def running() -> list[str]:
            return [w for w, (dead, _pid) in self.panes().items() if w != "hold" and not dead]

        for window in running():
            _cont(self.app_pid(window))
            self.tmux("send-keys", "-t", f"monkey:{window}", "C-q")
        deadline = time.monotonic() + timeout
        again = time.monotonic() + timeout / 3
        while running() and time.monotonic() < deadline:
            if time.monotonic() > again:  # ctrl+q right after an Escape reads as alt+ctrl+q
                again = deadline
                for window in running():
                    self.tmux("send-keys", "-t", f"monkey:{window}", "C-q")
            time.sleep(0.2)
        hung = running()
        for window in hung:
            result.crashes.append(Crash(window, "hang", "", self.tmux(
                "capture-pane", "-p", "-t", f"monkey:{window}").stdout, len(result.steps)))
            self.seen.add(self.status[window].name)
            pid = self.app_pid(window)
            if pid:
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while running() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.collect(result)


def _cont(pid: int) -> None:
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGCONT)
    except ProcessLookupError:
        pass


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def meetings_to_list(root: Path) -> tuple[set[str], set[str]]:
    """The meeting files ``sessions`` must list (all but those ended before they began),
    and those that began. A file that does not load must be listed (as damaged)."""
    from roomtui.meeting import Meeting
    from roomtui.storage import DamagedFile, MeetingLog

    listed, begun = set(), set()
    for path in (root / "meetings").glob("*.json"):
        if ".damaged-" in path.name:  # set aside by roomtui, never read again
            continue
        try:
            state = Meeting(MeetingLog(path, readonly=True).events()).state
        except (DamagedFile, ValueError, KeyError, TypeError):
            listed.add(path.stem)
            continue
        if state.begun or state.is_open:
            listed.add(path.stem)
        if state.begun:
            begun.add(path.stem)
    return listed, begun


def check_data(root: Path, python: str = sys.executable) -> list[str]:
    """After a run: the folder loads, the export is JSON, sessions lists every meeting."""
    problems = []
    env = {**os.environ, "ROOMTUI_DATA_DIR": str(root)}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([python, "-m", "roomtui", *args, "--data-dir", str(root)],
                              capture_output=True, text=True, timeout=120, env=env)

    listed = cli("sessions", "--json")
    rows = []
    if listed.returncode != 0:
        problems.append(f"sessions --json: exit {listed.returncode}: {listed.stderr.strip()}")
    else:
        try:
            rows = json.loads(listed.stdout)
        except ValueError as err:
            problems.append(f"sessions --json is not JSON: {err}")
    files, begun = meetings_to_list(root)
    ids = {row.get("id") for row in rows if isinstance(row, dict)}
    if files - ids:
        problems.append(f"sessions does not list {sorted(files - ids)}")
    plain = cli("sessions")
    if plain.returncode != 0 or any(i not in plain.stdout for i in files):
        problems.append(f"sessions: exit {plain.returncode}, not every meeting listed")
    if begun:  # "latest" is the latest meeting that began (a visit is not a meeting)
        exported = cli("export", "latest", "--format", "json")
        if exported.returncode != 0:
            problems.append(f"export latest: exit {exported.returncode}: "
                            f"{exported.stderr.strip()}")
        else:
            try:
                json.loads(exported.stdout)
            except ValueError as err:
                problems.append(f"export latest is not JSON: {err}")
    loads = subprocess.run(
        [python, "-c", _LOADS, str(root)], capture_output=True, text=True, timeout=120)
    if loads.returncode != 0:
        problems.append(f"the data folder does not load: {loads.stderr.strip()[-800:]}")
    return problems


# Every meeting replays and the groups file reads (read only: nothing is started).
_LOADS = """
import sys
from pathlib import Path
from roomtui.records import archive
from roomtui.storage import locations
from roomtui.storage import GroupBook
root = Path(sys.argv[1])
for item in archive.list_meetings(root):
    assert not item.damaged, (item.id, item.damaged)
    archive.load(root, item.id)
assert GroupBook(locations.groups_file(root), readonly=True).all()
"""


def run(seed: int | None = None, seconds: float = 60.0, root: Path | None = None,
        replay: list[dict] | None = None, keep: Path | None = KEEP,
        python: str = sys.executable) -> Result:
    """One monkey run on a fresh data folder (``root``, else a temp folder)."""
    own = root is None
    root = Path(tempfile.mkdtemp(prefix="roomtui-monkey-")) if own else root
    root.mkdir(parents=True, exist_ok=True)
    result = Result(seed)
    monkey = Monkey(root, python)
    began = time.monotonic()
    try:
        monkey.open()
        monkey.start("app", result)
        stream = iter(replay) if replay is not None else steps(seed or 0)
        for step in stream:
            if replay is None and time.monotonic() - began > seconds:
                break
            result.steps.append(step)
            monkey.do(step, result)
        monkey.finish(result)
    finally:
        monkey.close()
    result.seconds = time.monotonic() - began
    result.tracebacks = monkey.log_text().count("Traceback (most recent call last)")
    result.problems += check_data(root, python)
    if result.failed and keep is not None:
        result.kept = save(result, root, keep)
    if own:
        shutil.rmtree(root, ignore_errors=True)
    return result


def save(result: Result, root: Path, keep: Path) -> Path:
    """Keep a failing run: its steps (to replay), what crashed, the log and the data."""
    folder = keep / f"seed-{result.seed}-{time.strftime('%Y%m%d-%H%M%S')}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "steps.json").write_text(json.dumps(
        {"seed": result.seed, "steps": result.steps}, indent=0), encoding="utf-8")
    (folder / "result.txt").write_text(result.summary() + "\n" + "\n".join(
        f"--- {c.app} exit {c.code} at step {c.step}\n{c.log}\n--- screen\n{c.screen}"
        for c in result.crashes), encoding="utf-8")
    shutil.copytree(root, folder / "data", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.lock"))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.monkey", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=None, help="default: a fresh one")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--replay", metavar="FILE", help="steps.json of a kept run")
    args = parser.parse_args(argv)
    if args.replay:
        saved = json.loads(Path(args.replay).read_text(encoding="utf-8"))
        result = run(saved.get("seed"), replay=saved["steps"], keep=None)
    else:
        seed = args.seed if args.seed is not None else random.randrange(1_000_000)
        result = run(seed, args.seconds)
    print(result.summary())
    print(f"monkey_crashes: {len(result.crashes)}")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
