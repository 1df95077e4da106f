"""``sottovoce-client``: parse the command line, sign in, run one command or a shell of them, and
report any failure as one line with a non-zero exit status (never a traceback)."""

import argparse
import shlex
import sys
from collections.abc import Callable, Sequence

from terminal import member as members
from terminal import new_case, prompts
from terminal import visitor as visitors
from terminal.commands import HelpShown, Parser, member_commands, shell_parser, visitor_commands
from terminal.errors import ApiError, ClientError, IntegrityError, UsageError
from terminal.fingerprint import log_lines
from terminal.http import Api, plain_http
from terminal.office import Office
from terminal.show import case_name

PROG = "sottovoce-client"
SHELL_HELP = {
    "member": "cases | read CASE [--open-view-once] | reply CASE [--text TEXT] | "
    "ask CASE --with WHOM --until YYYY-MM-DD [--named] [--text TEXT] | trace CODE | log verify | quit",
    "visitor": "read [--agree] [--open-view-once] | write [--text TEXT] [--urgent | --retaliation] | "
    "consent ITEM accept|decline|withdraw | log verify | quit",
}
UNAUTHORIZED = 401
END_OF_TEXT = "."  # in the shell, a line with a single dot ends a reply typed over several lines

Session = members.Member | visitors.Visitor


def parser() -> Parser:
    top = Parser(prog=PROG, description="The Sottovoce portal in a terminal: everything sealed and verified here.")
    top.add_argument("--url", required=True, help="the portal's address, e.g. https://ombuds.example.org")
    roles = top.add_subparsers(dest="role", required=True, metavar="{member,visitor,fingerprint}", parser_class=Parser)
    member = roles.add_parser("member", help="an office member: username, password and TOTP code")
    member.add_argument("--username", help="asked if left out")
    member.add_argument("--fingerprint", help="the office fingerprint the office publishes (needed the first time)")
    member_commands(member)
    visitor = roles.add_parser("visitor", help="a visitor: the codename of your case")
    visitor.add_argument("--fingerprint", help="the office fingerprint the office publishes (needed the first time)")
    visitor_commands(visitor)
    anyone = roles.add_parser("fingerprint", help="verify the office log without signing in, and print its fingerprint")
    anyone.add_argument("--fingerprint", help="the office fingerprint the office publishes, to compare")
    return top


def say(text: str) -> None:
    print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        return run(args)
    except HelpShown:
        return 0
    except ClientError as err:
        print(err.message if err.message.startswith(PROG) else f"{PROG}: {err.message}", file=sys.stderr)
        return err.code
    except KeyboardInterrupt:
        print(f"{PROG}: stopped", file=sys.stderr)
        return 130
    except (KeyError, TypeError, ValueError) as err:
        # The portal's answers are read as the protocol says; one that is not is said so, in one line.
        print(f"{PROG}: the portal answered something unexpected ({type(err).__name__}: {err})", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    api = Api(args.url)
    if plain_http(api.base_url):
        print(f"{PROG}: warning: {api.base_url} is not https: your session could be taken on the way", file=sys.stderr)
    if args.role == "fingerprint":  # what the landing page shows anyone: no sign-in, no pin
        for line in log_lines(Office(api).load(), args.fingerprint, pinned=False):
            say(line)
        return 0
    session = sign_in(api, args)
    try:
        if args.command in ("login", "shell"):
            return shell(session, args.role)
        for line in command(session, args, stdin_text):
            say(line)
        return 0
    finally:
        api.sign_out()


def sign_in(api: Api, args: argparse.Namespace) -> Session:
    if args.role == "member":
        username = args.username or prompts.ask("Username: ").strip()
        password = prompts.ask_secret("Password: ")
        totp = prompts.ask("TOTP code: ").strip()
        if not username or not password or not totp:
            raise UsageError("give your username, your password and the six-digit code from your authenticator")
        return members.sign_in(api, username, password, totp, fingerprint=args.fingerprint, say=say)
    if args.command == "start":
        return new_case.start(api, fingerprint=args.fingerprint, say=say)
    codename = prompts.ask_secret("Codename: ")
    return visitors.sign_in(api, codename, fingerprint=args.fingerprint, say=say)


def command(session: Session, args: argparse.Namespace, text: Callable[[], str]) -> list[str]:
    """Runs one command; ``text()`` gives a message's text when --text is left out."""
    name = args.command
    if name in ("login", "shell"):
        return ["Already signed in."]
    if name == "log":
        return session.log_verify(args.fingerprint)
    if isinstance(session, members.Member):
        if name == "cases":
            return session.cases()
        if name == "read":
            return session.read(args.case, open_view_once=args.open_view_once)
        if name == "reply":
            return session.reply(args.case, args.text if args.text is not None else text())
        if name == "ask":
            words = args.text if args.text is not None else text()
            return session.ask(args.case, words, with_whom=args.with_whom, until=args.until, named=args.named)
        return session.trace(" ".join(args.code))
    if name == "read":
        return session.read(agree=args.agree, open_view_once=args.open_view_once)
    if name == "consent":
        return session.answer(args.item, args.decision)
    if name == "start":
        opened = f"Your case is open: {case_name(session.case_id)}. Sign in with your codename to read and write."
        return [opened, *(session.write(args.text) if args.text else [])]
    words = args.text if args.text is not None else text()
    if args.retaliation:
        return session.alert_retaliation(words)
    return session.write(words, urgent=args.urgent)


def shell(session: Session, role: str) -> int:
    """Commands typed one a line until quit or the end of input; the keys and the session live in
    this process's memory only. A portal found untrustworthy ends it at once."""
    who = session.name if isinstance(session, members.Member) else f"the visitor of {case_name(session.case_id)}"
    say(f"Signed in as {who} to {session.office.name}. Office fingerprint: {session.office.log.fingerprint}")
    if isinstance(session, members.Member):  # what a colleague compares before admitting this member
        say(f"Your member fingerprint: {session.fingerprint}")
    say(f"Commands: {SHELL_HELP[role]}")
    commands = shell_parser(role)
    failed = False
    while True:
        line = read_command()
        if line is None or line.strip() in ("quit", "exit"):
            return 1 if failed else 0
        if not line.strip():
            continue
        if line.strip() == "help":
            say(f"Commands: {SHELL_HELP[role]}")
            continue
        try:
            args = commands.parse_args(shlex.split(line))
            if args.command == "start":
                raise UsageError("you are signed in to your case already: to start another, quit first")
            for out in command(session, args, typed_text):
                say(out)
        except HelpShown:
            continue
        except IntegrityError:
            raise
        except ApiError as err:
            if err.status == UNAUTHORIZED:  # timed out or revoked on the server: nothing more works
                raise ClientError(f"your session has ended ({err.message}); sign in again") from err
            failed = True
            print(f"error: {err.message}", file=sys.stderr, flush=True)
        except ClientError as err:
            failed = True
            print(f"error: {err.message}", file=sys.stderr, flush=True)
        except ValueError as err:  # (shlex: an unclosed quote)
            failed = True
            print(f"error: {err}", file=sys.stderr, flush=True)


def read_command() -> str | None:
    if prompts.interactive():
        try:
            return input("sottovoce> ")
        except EOFError:
            return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def stdin_text() -> str:
    """A message from standard input, to its end."""
    if prompts.interactive():
        print("Type your message, then Ctrl-D on a line of its own.", file=sys.stderr)
    return sys.stdin.read()


def typed_text() -> str:
    """A message typed in the shell: lines until one with a single dot (or the end of input)."""
    if prompts.interactive():
        print(f"Type your message; end it with a line holding only '{END_OF_TEXT}'.", file=sys.stderr)
    lines: list[str] = []
    while True:
        line = sys.stdin.readline()
        if not line or line.rstrip("\r\n") == END_OF_TEXT:
            return "\n".join(lines)
        lines.append(line.rstrip("\r\n"))
