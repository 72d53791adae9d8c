"""The command line: ``roomtui [--group NAME] [--new]`` and its subcommands.

Errors are short sentences for a person; a crash prints no meeting content (the
terminal may be on a projector) and writes its details to a private log.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from roomtui.storage import AlreadyOpen, DamagedFile, MeetingIndex, locations

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
    _report_parser(sub, common)
    from roomtui import protect_cli

    protect_cli.add_parser(sub, common)
    return parser


def _report_parser(sub, common: argparse.ArgumentParser) -> None:
    """``roomtui report``: counts for the organisation, never a name (report.py)."""
    report = sub.add_parser("report", parents=[common],
                            help="counts per meeting and totals, for the organisation")
    which = report.add_mutually_exclusive_group()
    which.add_argument("--group", default=argparse.SUPPRESS,
                       help="the group to report on (default: the last used)")
    which.add_argument("--all", action="store_true", help="every group")
    report.add_argument("--since", metavar="YYYY-MM-DD", help="meetings on or after this day")
    report.add_argument("--until", metavar="YYYY-MM-DD", help="meetings on or before this day")
    report.add_argument("--format", choices=["md", "csv", "json"], default="md",
                        help="md for an email (the default), csv for a spreadsheet, json for tools")
    report.add_argument("-o", "--output", metavar="FILE", help="write to FILE (mode 0600)")


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
    # Used by `serve` for each browser view (after the PIN): read-only, no raised hands.
    watch.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    watch.add_argument("--group-id", help=argparse.SUPPRESS)
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
        with locations.open_log(path) as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n")
            log.write(traceback.format_exc())
        return path
    except (OSError, DamagedFile):
        return None


#: How long a start waits for a roomtui that is closing (its terminal just closed) to let
#: go of the group, before it says the meeting is open elsewhere.
LOCK_WAIT_SECONDS = 4.0


def _build_waiting(build_app, root: Path, args: argparse.Namespace, **options):
    """Open the app; if the group is held, wait a few seconds (saying so) and try again."""
    deadline = None
    while True:
        try:
            return build_app(root, group=args.group, new=args.new, **options)
        except AlreadyOpen:
            now = time.monotonic()
            if deadline is None:
                deadline = now + LOCK_WAIT_SECONDS
                say(f"The group's meeting is still held by another roomtui; waiting up to "
                    f"{LOCK_WAIT_SECONDS:.0f} s in case it is closing…", err=True)
            if now >= deadline:
                raise
            time.sleep(0.2)


def run_facilitator(args: argparse.Namespace, root: Path) -> int:
    from roomtui.storage.protect import Locked
    from roomtui.ui.app import build_app

    try:
        try:
            app = _build_waiting(build_app, root, args)
        except Locked:
            keys = _unlock_on_screen(root, args.group)  # asked before anything is opened
            app = _build_waiting(build_app, root, args, keys=keys)
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
    locations.open_log(log).close()  # made private now, before the app can write to it
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


def _unlock_on_screen(root: Path, group_name: str | None):
    """The group's keys from the unlock screen (see ui/screens/unlock.py); exit 2 if none."""
    from roomtui.session import resolve_group
    from roomtui.storage import GroupBook
    from roomtui.ui.screens.unlock import ask

    group = resolve_group(GroupBook(locations.groups_file(root)), group_name)
    keys = ask(group)
    if keys is None:
        raise CliError("The notes stayed locked; nothing was opened or changed.")
    return keys


def _unlock_for_review(root: Path) -> dict:
    """Keys of each group with locked notes, asked one by one (escape leaves one locked)."""
    from roomtui.protect_cli import PassphraseError, ask_current
    from roomtui.storage import GroupBook, protect

    if not locations.groups_file(root).exists():
        return {}
    try:
        groups = GroupBook(locations.groups_file(root), readonly=True).all()
    except DamagedFile:
        return {}  # the review says so itself; locked notes then read as locked
    keys = {}
    for group in groups:
        if not protect.is_protected(group):
            continue
        if sys.stdin.isatty():
            from roomtui.ui.screens.unlock import ask

            found = ask(group, leave_label="leave these notes locked")
        else:
            try:
                found = ask_current(group)[1]
            except PassphraseError as err:
                raise CliError(str(err), err.code) from None
        if found is not None:
            keys[group["id"]] = found
    return keys


def _load_meeting(root: Path, meeting_id: str):
    from roomtui.protect_cli import PassphraseError, keys_for_group
    from roomtui.records import archive

    try:
        row = archive.find_row(root, meeting_id)
        keys = keys_for_group(root, row.get("group_id"))  # asks when its notes are locked
        return archive.load(root, row["id"], keys=keys)
    except archive.NotFound as err:
        raise CliError(str(err)) from None
    except PassphraseError as err:
        raise CliError(str(err), err.code) from None


def run_sessions(args: argparse.Namespace, root: Path) -> int:
    from roomtui.meeting.timers import clock
    from roomtui.records.archive import length as archive_length
    from roomtui.records.archive import listed

    rows = [r for r in MeetingIndex(locations.index_file(root), readonly=True).all()
            if listed(r)]
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
        length = clock(round(archive_length(row, now)))  # whole seconds rounded, as in export
        status = "ended" if end else "open"
        group = "".join(ch for ch in row["group"] if ch.isprintable())
        print(f"{row['id']}  {started}  {length:>8}  {status:<5}  {group}")
    return 0


def shown_parent(path: Path) -> str:
    return "".join(c for c in str(path.parent) if c.isprintable())


def run_export(args: argparse.Namespace, root: Path) -> int:
    from roomtui.records.export import to_json, to_markdown
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
        shown = "".join(c for c in str(out) if c.isprintable())
        if out.is_dir():
            raise CliError(f"{shown} is a folder: give a file name inside it, for example "
                           f"{Path(shown) / (meeting.state.id + '.' + args.format)}")
        if not out.parent.is_dir():
            raise CliError(f"cannot write {shown}: the folder {shown_parent(out)} does not "
                           "exist. Make it first, or choose another place.", EXIT_IO)
        try:
            atomic_write_bytes(out, text.encode("utf-8"))
        except OSError as err:
            raise CliError(f"cannot write {shown} ({err.strerror or err}). Nothing was "
                           "written.", EXIT_IO) from None
        print(f"Wrote {out}")
    else:
        sys.stdout.write(text)
    return 0


def run_review(args: argparse.Namespace, root: Path) -> int:
    from roomtui.ui.review import build_review_app

    log = locations.log_file(root)
    locations.open_log(log).close()  # made private now, before the app can write to it
    app = build_review_app(root, keys=_unlock_for_review(root))
    app.run()
    if app.return_code:
        print("roomtui review stopped unexpectedly. Nothing was changed.\n"
              f"Details are in a private log: {log}", file=sys.stderr)
        return EXIT_CRASH
    return 0


def run_report(args: argparse.Namespace, root: Path) -> int:
    from roomtui.records import report
    from roomtui.storage import atomic_write_bytes

    try:
        made = report.build(root, group=args.group, every=args.all,
                            since=args.since, until=args.until)
    except report.ReportError as err:
        raise CliError(str(err)) from None
    text = report.render(made, args.format)
    if args.output:
        out = Path(args.output)
        atomic_write_bytes(out, text.encode("utf-8"))
        print(f"Wrote {out}")
    else:
        sys.stdout.write(text)
    for meeting_id in made.unreadable:
        shown = "".join(ch for ch in meeting_id if ch.isprintable())
        say(f"roomtui: meeting {shown} could not be read; it is not counted.", err=True)
    return 0


def run_watch(args: argparse.Namespace, root: Path) -> int:
    from roomtui.ui.viewer import ROOM, WATCH, build_viewer

    mode = ROOM if args.command == "room" else WATCH
    browser = bool(getattr(args, "browser", False))
    if browser and not getattr(args, "group_id", None):
        raise CliError("watch --browser is started by roomtui serve, with the group's id.")
    if not getattr(args, "group_id", None):
        from roomtui.views.follow import missing_group

        if problem := missing_group(root, args.group):  # a typo would wait for ever
            raise CliError(problem)
    app = build_viewer(root, group=args.group, mode=mode, browser=browser,
                       group_id=getattr(args, "group_id", None))
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
    from roomtui.records import archive

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
    from roomtui.records import archive
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
    from roomtui.views import serve
    from roomtui.views.follow import Follower

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
        pin = serve.new_pin(root, snap.group_id)
        address = serve.lan_address() if args.lan else serve.LOOPBACK
        if address is None:
            where = (f"every address of this laptop, port {args.port} (it has no network "
                     "address yet; other devices reach it once it joins a network)")
        else:
            where = serve.served_url(address, args.port)
        from roomtui.meeting.text import strip_controls

        name = strip_controls(snap.group_name)  # a hand-edited name reaches no terminal raw
        say(f"Serving the watch view of “{name}” on {where}\n"
            f"PIN {pin}   (each browser asks for it; ctrl+c stops serving)")
        if args.lan:
            say("Warning: --lan is plain HTTP: anyone on this network can read the PIN and "
                "the meeting's names as they pass. Use it only on a network you trust.")
        from roomtui.views.serve_web import RoomServer

        RoomServer(root, snap.group_id, pin, host, args.port, say=say).serve()
    finally:
        pin_path.unlink(missing_ok=True)
        serve.alerts_file(root, snap.group_id, make=False).unlink(missing_ok=True)
        lock.release()
    say("Stopped serving. Browser views are closed.")
    return 0


def warn_loose_folders(root: Path) -> None:
    from roomtui.storage.atomic import loose_folders

    for sentence in loose_folders(root):
        say(f"roomtui: note: {sentence}", err=True)


COMMANDS = {
    None: run_facilitator,
    "sessions": run_sessions,
    "export": run_export,
    "review": run_review,
    "purge": run_purge,
    "retention": run_retention,
    "report": run_report,
    "watch": run_watch,
    "room": run_watch,
    "serve": run_serve,
    "protect": lambda args, root: _run_protect(args, root),
}


def _run_protect(args: argparse.Namespace, root: Path) -> int:
    from roomtui import protect_cli

    try:
        return protect_cli.run(args, root)
    except protect_cli.PassphraseError as err:
        raise CliError(str(err), err.code) from None


#: Commands that read the list of meetings: each mends index.json first (recovery.py).
HEALS_INDEX = {"sessions", "export", "review", "purge", "retention", "watch", "room", "serve",
               "report"}


def heal_index(root: Path) -> None:
    """Rebuild a missing, damaged or stale index.json and say so (never stops a command)."""
    from roomtui.storage import recovery

    said = recovery.heal_index(root).sentence()
    if said:
        say(f"roomtui: {said}", err=True)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = None
    try:
        root = _root(args)
        warn_loose_folders(root)
        if args.command in HEALS_INDEX:
            heal_index(root)
        return COMMANDS[args.command](args, root)
    except CliError as err:
        say(f"roomtui: {err}", err=True)
        return err.code
    except DamagedFile as err:
        say(f"roomtui: {err.message()}", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except RecursionError:  # data nested too deeply for Python: a damaged file, never a crash
        say("roomtui: a data file is nested too deeply to read. Nothing was changed.", err=True)
        return EXIT_USAGE
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
