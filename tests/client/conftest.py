"""The terminal client against a live portal: ``sottovoce run`` on a free port, its office made
beforehand with the protocol's floor parameters (the client, like the pages, refuses weaker ones),
its first member enrolled with a known password and TOTP secret and the office log started."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest

from crypto.keys import MEMBER_FLOOR, VISITOR_FLOOR, derive_seed, normalize_codename, visitor_salt
from crypto.log import KeyVersion, LogSettings, MemberRecord, genesis_body, make_entry
from crypto.member import MemberBundle
from portal import create_app
from portal.clock import FixedClock
from portal.db import session_scope
from portal.office.service import create_office
from portal.settings import load_settings
from tests.factories import Member, Office, Visitor, app_deps
from tests.live import LiveServer, drive, live_server, server_env
from tests.paths import ROOT

PASSWORD = "correct horse battery staple, twice"
CODENAME = "amber basin cobalt delta ember fjord granite harbor"
SETTINGS = LogSettings(VISITOR_FLOOR, MEMBER_FLOOR)
TOTP_STEP = 30


def genesis(office: Office, member_id: str, bundle: MemberBundle, display_name: str) -> dict[str, Any]:
    """The log's first entry, as the first member's browser signs it at enrolment."""
    record = MemberRecord(member_id, display_name, bundle.sign_pk, bundle.box_pk)
    body = genesis_body(
        office.office_id, office.clock.now(), "Client Office", [record], [], [KeyVersion(1, office.office_pk)], SETTINGS
    )
    return make_entry(body, [(member_id, bundle.sign_seed)]).to_json()


@dataclass
class Portal:
    server: LiveServer
    office: Office  # its requests go over HTTP to the server
    instance: Path
    alice: Member
    steps: int = 0  # TOTP steps used beyond enrolment's

    @property
    def url(self) -> str:
        return self.server.base_url

    def totp(self, member: Member) -> str:
        """A code the server takes once: each sign-in uses the next time step (at most one ahead
        of the server's clock is accepted, so a test signs a member in once or twice)."""
        self.steps += 1
        return pyotp.TOTP(member.totp_secret).at(int(time.time()) + TOTP_STEP * self.steps)

    def member_answers(self, member: Member, password: str | None = None) -> str:
        """What a member types to sign in: username, password, code, one a line."""
        return f"{member.username}\n{password or member.password}\n{self.totp(member)}\n"

    def open_case(self, codename: str = CODENAME) -> Visitor:
        """A case whose keys come from ``codename``, as the visitor's browser derives them."""
        seed = derive_seed(normalize_codename(codename).encode(), visitor_salt(self.office.office_id), VISITOR_FLOOR)
        return self.office.open_case(seed)


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Portal]:
    instance = tmp_path / "instance"
    env = server_env(instance)
    clock = FixedClock(int(time.time()))
    app = create_app(load_settings(env), clock=clock)
    with session_scope(app.extensions["sottovoce"]["sessions"]) as s:
        office_id = create_office(s, app_deps(app), "Client Office", VISITOR_FLOOR, MEMBER_FLOOR).office_id
    office = Office(app, app.test_client(), clock, office_id)
    alice = office.enrol("alice", PASSWORD, genesis=genesis, kdf=MEMBER_FLOOR)
    app.extensions["sottovoce"]["engine"].dispose()
    with live_server(env) as server:
        yield Portal(server, drive(office, server), instance, alice)


def client(portal: Portal, *args: str, answers: str = "") -> subprocess.CompletedProcess[str]:
    """``sottovoce-client --url … ARGS`` as a user runs it, ``answers`` on its standard input."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "terminal", "--url", portal.url, *args],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


class Shell:
    """``sottovoce-client … ARGS`` kept running (``ROLE shell``, say), for tests that change the
    portal between commands: ``answers`` signs in; ``run`` sends a command and reads up to a line
    it names."""

    def __init__(self, portal: Portal, *args: str, answers: str = "") -> None:
        command = [sys.executable, "-m", "terminal", "--url", portal.url, *args]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        self.send(answers)

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def run(self, command: str, until: str) -> str:
        """What the command printed, up to the first line starting with ``until`` (or the client's end)."""
        self.send(command + "\n")
        return self.read_until(until)

    def read_until(self, until: str) -> str:
        """What the client printed, up to the first line starting with ``until`` (or its end)."""
        assert self.proc.stdout is not None
        shown = []
        for line in self.proc.stdout:
            shown.append(line)
            if line.startswith(until):
                break
        return "".join(shown)

    def finish(self, commands: str = "quit\n") -> tuple[int, str, str]:
        """Sends the last commands and waits for the end: (status, the rest of stdout, stderr)."""
        out, err = self.proc.communicate(commands, timeout=120)
        return self.proc.returncode, out, err
