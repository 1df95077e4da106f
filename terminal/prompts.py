"""What the client asks a person: secrets without echo at a terminal. When standard input is not
a terminal (a script, a test), each answer is the next line of it, so nothing secret need ever be
put on a command line or in the environment, where other processes can read it."""

import getpass
import sys

from terminal.errors import ClientError


def _line(prompt: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise ClientError(f"no answer to {prompt.strip().rstrip(':')!r}: standard input ended")
    return line.rstrip("\r\n")


def interactive() -> bool:
    return sys.stdin.isatty()


def ask(prompt: str) -> str:
    if interactive():
        try:
            return input(prompt)
        except EOFError as exc:
            raise ClientError("no answer: input ended") from exc
    return _line(prompt)


def ask_secret(prompt: str) -> str:
    if interactive():
        try:
            return getpass.getpass(prompt)
        except EOFError as exc:
            raise ClientError("no answer: input ended") from exc
    return _line(prompt)


def confirm(prompt: str) -> bool:
    return ask(f"{prompt} [yes/no] ").strip().lower() in ("y", "yes")
