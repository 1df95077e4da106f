"""The ``sottovoce`` command: init, invite, run, purge, fingerprint."""

import argparse
import json
import sys
from collections.abc import Sequence

from flask import Flask

from crypto.errors import ParameterError
from crypto.keys import MEMBER_FLOOR, VISITOR_FLOOR, KdfParams
from portal import create_app
from portal.db import session_scope
from portal.errors import DomainError
from portal.log.service import load_state
from portal.logs import AddresslessRequestHandler
from portal.members.service import create_invitation
from portal.office.service import create_office, find_office
from portal.scheduler import run_purge, start_purge_scheduler
from portal.web.body import ascii_digits
from portal.web.context import EXTENSION


def _kdf(text: str) -> KdfParams:
    ops, sep, mem = text.partition(":")
    if not sep or not ascii_digits(ops) or not ascii_digits(mem):
        raise argparse.ArgumentTypeError("write OPS:MEM, e.g. 3:67108864")
    return KdfParams(int(ops), int(mem))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sottovoce", description="Sottovoce, the ombuds office portal.")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create the office")
    init.add_argument("--name", required=True)
    init.add_argument("--visitor-kdf", type=_kdf, help="Argon2id OPS:MEM for visitors' codenames")
    init.add_argument("--member-kdf", type=_kdf, help="Argon2id OPS:MEM for members' passwords")
    invite = sub.add_parser("invite", help="print a one-time enrolment link for a new member")
    invite.add_argument("--json", action="store_true", help='one line {"token", "url", "expires_at"}')
    invite.add_argument("--base-url", help="the portal's public address (default: from the server settings)")
    run = sub.add_parser("run", help="serve the portal")
    run.add_argument("--host")
    run.add_argument("--port", type=int)
    sub.add_parser("purge", help="destroy what has expired")
    fp = sub.add_parser("fingerprint", help="print the office's fingerprint, verified from its signed log, to publish")
    fp.add_argument("--base-url", help="the portal's public address, for the link (default: from the server settings)")
    return parser


def _base_url(app: Flask, host: str | None = None, port: int | None = None) -> str:
    """The address links point at: the one `run` serves when given, else where members reach the
    portal (passkeys.origin behind a proxy, else server.host and server.port)."""
    s = app.extensions[EXTENSION]["deps"].settings
    if host is None and port is None:
        return str(s.public_origin)
    return f"http://{host or s.server_host}:{port or s.server_port}"


def _init(app: Flask, name: str, visitor: KdfParams | None, member: KdfParams | None) -> str:
    deps = app.extensions[EXTENSION]["deps"]
    s = deps.settings
    visitor = visitor or KdfParams(s.kdf_visitor_ops, s.kdf_visitor_mem)
    member = member or KdfParams(s.kdf_member_ops, s.kdf_member_mem)
    for who, kdf, floor in (("visitor", visitor, VISITOR_FLOOR), ("member", member, MEMBER_FLOOR)):
        try:
            kdf.check_floor(floor)
        except ParameterError:
            raise SystemExit(f"{who} key derivation must be at least {floor.ops}:{floor.mem}") from None
    with session_scope(app.extensions[EXTENSION]["sessions"]) as session:
        return create_office(session, deps, name, visitor, member).office_id


def _invite(app: Flask, base_url: str) -> dict[str, object]:
    with session_scope(app.extensions[EXTENSION]["sessions"]) as session:
        inv = create_invitation(session, app.extensions[EXTENSION]["deps"])
    # The token travels in the fragment: browsers never send it to a server or put it in a Referer.
    return {"token": inv.token, "url": f"{base_url}/office/enrol#{inv.token}", "expires_at": inv.expires_at}


def _fingerprint(app: Flask, base_url: str) -> list[str]:
    """What the office publishes so visitors can check the portal: verified from the log here."""
    with session_scope(app.extensions[EXTENSION]["sessions"]) as session:
        state = load_state(session)
    if state is None:
        return ["The office has no signed log yet: its first member starts it (at enrolment, or on signing in)."]
    return [
        f"Office fingerprint: {state.fingerprint}",
        f"Short code:         {state.short_code}",
        f"Link that checks it: {base_url}/#fp={state.fingerprint.replace(' ', '')}",
        f"(log of {state.length} entries, {len(state.current_members())} current members, key version "
        f"{state.current_key.version})",
    ]


def _has_office(app: Flask) -> bool:
    with session_scope(app.extensions[EXTENSION]["sessions"]) as session:
        return find_office(session) is not None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # `run --host --port` is where the portal is reached: what its links and passkeys are bound to.
    served = {
        k: v
        for k, v in (("server_host", getattr(args, "host", None)), ("server_port", getattr(args, "port", None)))
        if v
    }
    app = create_app(**served)
    try:
        if args.command == "init":
            office_id = _init(app, args.name, args.visitor_kdf, args.member_kdf)
            print(f"Created office {office_id}. Next: sottovoce invite")
        elif args.command == "invite":
            invitation = _invite(app, args.base_url or _base_url(app))
            print(json.dumps(invitation) if args.json else f"Enrolment link (one use): {invitation['url']}")
        elif args.command == "purge":
            report = run_purge(app)
            print(f"Destroyed {len(report.items)} expired items and {report.cases} cases.")
        elif args.command == "fingerprint":
            print("\n".join(_fingerprint(app, args.base_url or _base_url(app))))
        elif args.command == "run":
            return _run(app, args.host, args.port)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    return 0


def _run(app: Flask, host: str | None, port: int | None) -> int:
    s = app.extensions[EXTENSION]["deps"].settings
    host, port = host or s.server_host, port or s.server_port
    base = _base_url(app, host, port)
    if not _has_office(app):
        _init(app, s.office_demo_name, None, None)
        link = _invite(app, base)["url"]
        print(f"Created the demo office '{s.office_demo_name}'.")
        print(f"Enrol the first member with this one-time link:\n  {link}")
    print(f"Visitors: {base}/    Members: {base}/office/")
    print("\n".join(_fingerprint(app, base)[:3]), flush=True)
    start_purge_scheduler(app)
    # Werkzeug's server with simple-websocket: fine for one process on a small office; for more,
    # see the README's production section (gunicorn, several processes, a message queue).
    app.extensions[EXTENSION]["socketio"].run(
        app,
        host=host,
        port=port,
        allow_unsafe_werkzeug=True,
        log_output=False,
        request_handler=AddresslessRequestHandler,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
