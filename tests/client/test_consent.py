"""Consent through the terminal client: a member asks, the visitor accepts, both read the state."""

import datetime
import re

from tests.client.conftest import CODENAME, Portal, Shell, client
from tests.client.test_relay import fingerprint_of


def test_a_member_asks_for_consent_and_the_visitor_accepts(portal: Portal) -> None:
    visitor = portal.open_case()
    fp = fingerprint_of(portal)
    wrote = client(portal, "visitor", "--fingerprint", fp, "write", "--text", "Hello.", answers=CODENAME + "\n")
    assert wrote.returncode == 0, wrote.stderr
    until = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    member = Shell(portal, "member", "shell", answers=portal.member_answers(portal.alice))
    asked = member.run(
        f"ask {visitor.case_id} --with 'the head of HR' --until {until} --text 'That the safety log was changed.'",
        until="Consent asked",
    )
    assert "Consent asked in Case" in asked
    waiting = member.run(f"read {visitor.case_id}", until="2 items")
    assert "    -- Waiting for the visitor's answer" in waiting

    shown = client(portal, "visitor", "read", "--agree", answers=CODENAME + "\n")
    assert shown.returncode == 0, shown.stderr
    assert "    That the safety log was changed.\n" in shown.stdout
    assert f"    -- consent asked: with the head of HR, anonymously, until {until} " in shown.stdout
    assert "    -- Waiting for your answer" in shown.stdout
    request_id = re.search(r"\[consent request\].*\(id ([\w-]+)\)", shown.stdout)
    assert request_id is not None, shown.stdout

    answered = client(portal, "visitor", "consent", request_id.group(1), "accept", answers=CODENAME + "\n")
    assert answered.returncode == 0, answered.stderr
    assert "Your answer (accept) is sent" in answered.stdout
    again = client(portal, "visitor", "read", answers=CODENAME + "\n")
    assert "    -- Accepted on " in again.stdout
    assert "[consent answer]" not in again.stdout  # (shown as the request's state, as on the pages)

    status, out, err = member.finish(f"read {visitor.case_id}\nquit\n")
    assert status == 0, err
    assert "    -- Accepted on " in out
    assert "3 items." in out
