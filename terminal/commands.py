"""The commands, parsed the same way on the command line and in the shell."""

import argparse
from typing import NoReturn

from terminal.errors import UsageError


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError rather than exiting: the shell goes on after a
    mistyped command, and main() prints one line for it."""

    def error(self, message: str) -> NoReturn:
        prog = self.prog.strip()
        raise UsageError(f"{prog}: {message}" if prog else message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if status:
            raise UsageError(message or f"{self.prog}: error")
        raise HelpShown(message or "")


class HelpShown(Exception):
    """--help was asked and printed."""


def member_commands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    sub.add_parser("login", help="sign in, then type commands (the session lives in memory only)")
    sub.add_parser("shell", help="the same as login")
    sub.add_parser("cases", help="list the office's cases")
    read = sub.add_parser("read", help="open every item of a case, verified, with its sender as the log names them")
    read.add_argument("case")
    read.add_argument("--open-view-once", action="store_true", help="also open view-once items (which spends them)")
    reply = sub.add_parser("reply", help="seal and send a reply (text from --text, else standard input)")
    reply.add_argument("case")
    reply.add_argument("--text")
    ask = sub.add_parser("ask", help="ask the visitor for consent to share (text from --text, else standard input)")
    ask.add_argument("case")
    ask.add_argument("--with", dest="with_whom", required=True, help="with whom: a role or a person")
    ask.add_argument("--until", required=True, help="the last day the consent would hold, YYYY-MM-DD")
    ask.add_argument("--named", action="store_true", help="the visitor would be named (else: anonymously)")
    ask.add_argument("--text", help="what you would share, in the words you would use")
    trace = sub.add_parser("trace", help="who opened which item, by a view code")
    trace.add_argument("code", nargs="+", help="as on the copy, e.g. 7K3QD-M9XTA (spaces allowed)")
    log = sub.add_parser("log", help="log verify: verify the office log and print its fingerprint")
    log.add_argument("action", choices=["verify"])
    log.add_argument("--fingerprint", help="the fingerprint the office publishes, to compare")


def visitor_commands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    start = sub.add_parser("start", help="start a case: a new codename is drawn and shown once")
    start.add_argument("--text", help="your first message (else write it later)")
    sub.add_parser("login", help="sign in with your codename, then type commands (in memory only)")
    sub.add_parser("shell", help="the same as login")
    read = sub.add_parser("read", help="open your case's messages, verified")
    read.add_argument("--agree", action="store_true", help="agree to keep what the office tells you confidential")
    read.add_argument("--open-view-once", action="store_true", help="also open view-once items (which spends them)")
    write = sub.add_parser("write", help="seal and send a message (text from --text, else standard input)")
    write.add_argument("--text")
    flags = write.add_mutually_exclusive_group()
    flags.add_argument("--urgent", action="store_true", help="ask for the office's attention at once")
    flags.add_argument(
        "--retaliation", action="store_true", help="I think I am facing retaliation: the office is alerted at once"
    )
    consent = sub.add_parser("consent", help="answer a consent request: accept, decline or withdraw")
    consent.add_argument("item", help="the request's id, as read shows it")
    consent.add_argument("decision", choices=["accept", "decline", "withdraw"])
    log = sub.add_parser("log", help="log verify: verify the office log and print its fingerprint")
    log.add_argument("action", choices=["verify"])
    log.add_argument("--fingerprint", help="the fingerprint the office publishes, to compare")


def shell_parser(role: str) -> Parser:
    parser = Parser(prog="", add_help=False)
    (member_commands if role == "member" else visitor_commands)(parser)
    return parser
