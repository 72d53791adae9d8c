"""The command line: ``roomtui [--group NAME] [--new]`` and its subcommands.

Errors are short sentences for a person; a crash prints no meeting content (the
terminal may be on a projector) and writes its details to a private log.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

from roomtui import locations
from roomtui.storage import AlreadyOpen, DamagedFile, MeetingIndex

EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_CRASH = 70
EXIT_IO = 74  # the files could not be read or written (sysexits EX_IOERR)


class CliError(Exception):
    """A problem to tell the person plainly, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="where roomtui keeps its files (also ROOMTUI_DATA_DIR)",
    )
    parser = argparse.ArgumentParser(
        prog="roomtui",
        description="A calm companion for facilitating an in-room peer support group.",
        parents=[common],
    )
    parser.add_argument("--group", help="the group to open (made if new)")
    parser.add_argument("--new", action="store_true", help="end the open meeting, start another")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sessions = sub.add_parser("sessions", parents=[common], help="list meetings")
    sessions.add_argument("--json", action="store_true", help="machine-readable output")
    export = sub.add_parser("export", parents=[common], help="export one meeting")
    export.add_argument("meeting", metavar="ID|latest")
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (mode 0600)")
    export.add_argument(
        "--no-names", action="store_true", help='leave names out: people become "Member 1, 2 …"'
    )
    sub.add_parser("review", parents=[common], help="browse past meetings")
    purge = sub.add_parser("purge", parents=[common], help="delete old meetings")
    purge.add_argument("--older-than", metavar="DAYS", required=True,
                       help="delete ended meetings that started more than DAYS days ago")
    keep = sub.add_parser("retention", parents=[common],
                          help="set how long a group keeps its meetings (applied on start)")
    keep.add_argument("--group", help="the group (default: the last used)")
    keep.add_argument("days", metavar="DAYS|off")
    _view_parsers(sub, common)
    return parser


def say(message: str, err: bool = False) -> None:
    """Print a closing line; the terminal may already be gone (window closed: SIGHUP)."""
    try:
        print(message, file=sys.stderr if err else sys.stdout, flush=True)
    except OSError:
        pass  # nobody is there to read it; the data is saved either way


def _view_parsers(sub, common: argparse.ArgumentParser) -> None:
    """watch, room and serve: the read-only views (see README, "Following a meeting")."""
    watch = sub.add_parser("watch", parents=[common], help="co-facilitator's live view")
    watch.add_argument("--group", default=argparse.SUPPRESS, help="the group to follow")
    # Used by `serve` for each browser view: PIN first, then read-only (no raised hands).
    watch.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    watch.add_argument("--pin-file", help=argparse.SUPPRESS)
    room = sub.add_parser("room", parents=[common], help="projector view (large type)")
    room.add_argument("--group", default=argparse.SUPPRESS, help="the group to follow")
    serve = sub.add_parser("serve", parents=[common], help="the watch view in a browser")
    serve.add_argument("--group", default=argparse.SUPPRESS, help="the group to follow")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--lan", action="store_true", help="listen on every address, not only this laptop"
    )


def _root(args: argparse.Namespace) -> Path:
    return locations.data_dir(getattr(args, "data_dir", None))


def _log_crash(root: Path | None) -> Path | None:
    """Write the traceback to the private log; return its path (or None)."""
    try:
        base = root or locations.data_dir(None)
        path = locations.log_file(base)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n")
            log.write(traceback.format_exc())
        return path
    except OSError:
        return None


def run_facilitator(args: argparse.Namespace, root: Path) -> int:
    from roomtui.ui.app import build_app

    try:
        app = build_app(root, group=args.group, new=args.new)
    except AlreadyOpen as busy:
        raise CliError(
            "roomtui is already running this group's meeting"
            + (f" (process {busy.pid})" if busy.pid else "")
            + ".\nOnly one facilitator app can hold a meeting. To follow it from a second "
            "terminal, use: roomtui watch",
            EXIT_BUSY,
        ) from None
    except ValueError as err:
        raise CliError(str(err)) from None
    log = locations.log_file(root)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)
    app.run()
    code = app.return_code or 0
    if code:
        say(
            "roomtui stopped unexpectedly. Everything you confirmed on screen is saved.\n"
            f"Details are in a private log: {log}",
            err=True,
        )
        return EXIT_CRASH
    state = app.session.state
    if not state.is_open:
        say(f"Meeting ended and saved. Export it with: roomtui export {state.id}")
    else:
        say("Saved. The meeting resumes when you start roomtui again.")
    return 0


def _load_meeting(root: Path, meeting_id: str):
    from roomtui import archive

    try:
        return archive.load(root, meeting_id)
    except archive.NotFound as err:
        raise CliError(str(err)) from None


def run_sessions(args: argparse.Namespace, root: Path) -> int:
    from roomtui.meeting.timers import clock

    rows = MeetingIndex(locations.index_file(root), readonly=True).all()
    now = time.time()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No meetings yet. Start one with: roomtui")
        return 0
    for row in rows:
        started = time.strftime("%Y-%m-%d %H:%M", time.localtime(row["started_at"]))
        end = row.get("ended_at")
        length = clock((end or now) - row["started_at"])
        status = "ended" if end else "open"
        group = "".join(ch for ch in row["group"] if ch.isprintable())
        print(f"{row['id']}  {started}  {length:>8}  {status:<5}  {group}")
    return 0


def run_export(args: argparse.Namespace, root: Path) -> int:
    from roomtui.export import to_json, to_markdown
    from roomtui.storage import atomic_write_bytes

    meeting = _load_meeting(root, args.meeting)
    now = time.time()
    names = not args.no_names
    if args.format == "json":
        text = json.dumps(to_json(meeting, now, names), ensure_ascii=False, indent=2) + "\n"
    else:
        text = to_markdown(meeting, now, names)
    if args.output:
        out = Path(args.output)
        atomic_write_bytes(out, text.encode("utf-8"))
        print(f"Wrote {out}")
    else:
        sys.stdout.write(text)
    return 0


def run_review(args: argparse.Namespace, root: Path) -> int:
    from roomtui.ui.review import build_review_app

    log = locations.log_file(root)
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(log, 0o600)
    app = build_review_app(root)
    app.run()
    if app.return_code:
        print("roomtui review stopped unexpectedly. Nothing was changed.\n"
              f"Details are in a private log: {log}", file=sys.stderr)
        return EXIT_CRASH
    return 0


def run_watch(args: argparse.Namespace, root: Path) -> int:
    from roomtui.ui.viewer import ROOM, WATCH, build_viewer

    mode = ROOM if args.command == "room" else WATCH
    browser = bool(getattr(args, "browser", False))
    pin = Path(args.pin_file) if getattr(args, "pin_file", None) else None
    if browser and pin is None:
        raise CliError("A browser view needs the PIN file that roomtui serve gives it.")
    from roomtui.follow import missing_group

    if problem := missing_group(root, args.group):  # a typo would wait for ever
        raise CliError(problem)
    app = build_viewer(root, group=args.group, mode=mode, browser=browser, pin_path=pin)
    app.run()
    if app.return_code:
        print(
            "roomtui stopped unexpectedly. The meeting itself is untouched.\n"
            f"Details are in a private log: {locations.log_file(root)}",
            file=sys.stderr,
        )
        return EXIT_CRASH
    return 0


def run_purge(args: argparse.Namespace, root: Path) -> int:
    from roomtui import archive

    try:
        days = archive.parse_days(args.older_than)
    except ValueError as err:
        raise CliError(str(err)) from None
    report = archive.purge(root, days, time.time())
    print(report.sentence(days))
    for row in report.removed:
        started = time.strftime("%Y-%m-%d", time.localtime(row.get("started_at") or 0))
        print(f"  removed {row['id']}  {started}")
    return 0


def run_retention(args: argparse.Namespace, root: Path) -> int:
    from roomtui import archive
    from roomtui.session import prepare_data, resolve_group
    from roomtui.storage import GroupBook

    off = args.days.strip().casefold() in ("off", "0", "none")
    try:
        days = None if off else archive.parse_days(args.days)
    except ValueError as err:
        raise CliError(str(err).replace("--older-than", "retention")) from None
    prepare_data(root)
    groups = GroupBook(locations.groups_file(root))
    try:
        group = resolve_group(groups, args.group)
    except ValueError as err:
        raise CliError(str(err)) from None
    groups.modify(group["id"], lambda g: {
        "settings": {**(g.get("settings") or {}), "retention_days": days}})
    if days is None:
        print(f"{group['name']} keeps its meetings until you delete them.")
    else:
        print(f"{group['name']} keeps meetings for {days} days; older ones are removed "
              "when the facilitator app starts.")
    return 0


def run_serve(args: argparse.Namespace, root: Path) -> int:
    from roomtui import serve
    from roomtui.follow import Follower

    if not 0 < args.port < 65536:
        raise CliError(f"--port must be between 1 and 65535, not {args.port}.")
    snap = Follower(root, args.group).poll()
    if not snap.group_id:
        who = f" called “{args.group}”" if args.group else ""
        raise CliError(f"There is no group{who} yet. Start the facilitator app first: roomtui")
    host = serve.ALL_ADDRESSES if args.lan else serve.LOOPBACK
    try:
        serve.check_port(host, args.port)
    except serve.PortInUse:
        raise CliError(
            f"Port {args.port} is already in use on {host}. Choose another with --port N."
        ) from None
    try:
        lock = serve.hold_serve_lock(root, snap.group_id)
    except AlreadyOpen:
        raise CliError("roomtui serve is already running for this group.", EXIT_BUSY) from None
    pin_path = serve.pin_file(root, snap.group_id)
    try:
        serve.new_pin(root, snap.group_id)
        where = f"http://{'<this laptop address>' if args.lan else serve.LOOPBACK}:{args.port}"
        print(
            f"Serving the watch view of “{snap.group_name}” on {where}\n"
            "Each browser asks for the PIN shown on the facilitator's screen. "
            "ctrl+c stops serving.",
            flush=True,
        )
        command = serve.browser_command(root, snap.group_name, pin_path)
        serve.run_server(command, host, args.port, title=f"roomtui · {snap.group_name}")
    finally:
        pin_path.unlink(missing_ok=True)
        lock.release()
    return 0


COMMANDS = {
    None: run_facilitator,
    "sessions": run_sessions,
    "export": run_export,
    "review": run_review,
    "purge": run_purge,
    "retention": run_retention,
    "watch": run_watch,
    "room": run_watch,
    "serve": run_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = None
    try:
        root = _root(args)
        return COMMANDS[args.command](args, root)
    except CliError as err:
        say(f"roomtui: {err}", err=True)
        return err.code
    except DamagedFile as err:
        say(f"roomtui: {err.message()}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except OSError as err:  # a full disk, a read-only or missing folder: not a crash
        where = f" ({''.join(c for c in str(err.filename) if c.isprintable())})" \
            if err.filename else ""
        say(f"roomtui: {err.strerror or err}{where}. Nothing more was written; everything "
            "confirmed before is saved.", err=True)
        return EXIT_IO
    except Exception:
        path = _log_crash(root)
        where = f" Details are in a private log: {path}" if path else ""
        say("roomtui stopped unexpectedly. Everything you confirmed on screen is saved." + where,
            err=True)
        return EXIT_CRASH
