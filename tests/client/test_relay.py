"""A visitor and a member talk through the terminal client only, against a live portal."""

import re

from crypto.log import MemberRecord, member_fingerprint
from crypto.log_state import verify_log
from tests.client.conftest import CODENAME, Portal, client
from tests.factories import json_of


def fingerprint_of(portal: Portal) -> str:
    served = json_of(portal.office.client.get("/api/v1/office/log"))
    return verify_log(served["entries"], portal.office.office_id).fingerprint


def test_a_visitor_writes_a_member_reads_and_replies_the_visitor_reads_the_reply(portal: Portal) -> None:
    visitor = portal.open_case()
    fp = fingerprint_of(portal)

    wrote = client(
        portal,
        "visitor",
        "--fingerprint",
        fp,
        "write",
        "--text",
        "The lab's safety log is falsified.",
        answers=CODENAME + "\n",
    )
    assert wrote.returncode == 0, wrote.stderr
    assert "Sent to the office" in wrote.stdout
    alert = client(portal, "visitor", "write", "--retaliation", "--text", "My desk was moved.", answers=CODENAME + "\n")
    assert alert.returncode == 0, alert.stderr
    assert "the office is alerted now" in alert.stdout

    script = (
        portal.member_answers(portal.alice)
        + "cases\n"
        + f"read {visitor.case_id}\n"
        + f"reply {visitor.case_id}\nThank you for telling us.\nCan we talk on Friday?\n.\n"
        + "cases\n"
        + "quit\n"
    )
    member = client(portal, "member", "shell", answers=script)
    assert member.returncode == 0, member.stderr
    out = member.stdout
    assert f"Signed in as Alice to Client Office. Office fingerprint: {fp}" in out
    alice = MemberRecord(portal.alice.member_id, "Alice", portal.alice.sign_pk, portal.alice.box_pk)
    assert f"Your member fingerprint: {member_fingerprint(alice)}" in out
    listed = [line for line in out.splitlines() if line.startswith(visitor.case_id)]
    assert len(listed) == 2
    assert "2 items, 2 unread" in listed[0]
    assert "FLAGGED by the visitor" in listed[0]
    assert "3 items" in listed[1]  # read up to the reply, by the member's own sealed marker
    assert "unread" not in listed[1]
    assert "Visitor" in out  # named as the log says
    assert "The lab's safety log is falsified." in out  # opened
    assert "[retaliation]" in out  # as the sealed payload says
    assert "    I think I am facing retaliation.\n    \n    My desk was moved." in out
    assert f"Sent to Case {visitor.case_id[:10]}" in out

    read = client(portal, "visitor", "read", "--agree", answers=CODENAME + "\n")
    assert read.returncode == 0, read.stderr
    assert "You" in read.stdout
    assert "The lab's safety log is falsified." in read.stdout
    assert "Alice" in read.stdout
    assert "    Thank you for telling us.\n    Can we talk on Friday?" in read.stdout
    assert "REFUSED" not in read.stdout


def test_log_verify_and_trace_a_view_code(portal: Portal) -> None:
    portal.open_case()
    fp = fingerprint_of(portal)
    wrote = client(portal, "visitor", "--fingerprint", fp, "write", "--text", "Noted.", answers=CODENAME + "\n")
    assert wrote.returncode == 0, wrote.stderr
    own = client(portal, "visitor", "read", answers=CODENAME + "\n")
    assert own.returncode == 0, own.stderr
    code = re.search(r"view ([0-9A-Z]{5}-[0-9A-Z]{5})", own.stdout)
    assert code is not None, own.stdout

    script = (
        portal.member_answers(portal.alice)
        + f"log verify --fingerprint {fp.replace(' ', '').lower()}\n"
        + f"trace {code.group(1).lower().replace('-', ' ')}\n"
        + "trace 00000-00000\n"
        + "trace not-a-code\n"
        + "log verify --fingerprint 0000\n"
        + "quit\n"
    )
    member = client(portal, "member", "shell", answers=script)
    out = member.stdout
    assert f"Office fingerprint: {fp}" in out
    assert "The log verifies from its first entry, and extends the one you saw last." in out
    assert "The fingerprint matches the one you gave." in out
    assert f"View {code.group(1)}\n  Opened by: the visitor\n" in out
    assert "  Item:      Message from the visitor, received " in out
    assert "No view has the code 00000-00000." in out
    # A mistyped code or fingerprint is one line on standard error, and the shell goes on, then exits 1.
    assert "error: a view code has ten letters and digits" in member.stderr
    assert "error: --fingerprint must be the office's 32 hex digits" in member.stderr
    assert member.returncode == 1

    alone = client(portal, "visitor", "log", "verify", "--fingerprint", fp, answers=CODENAME + "\n")
    assert alone.returncode == 0, alone.stderr
    assert f"Short code:         {fingerprint_short_code(portal)}" in alone.stdout
    anyone = client(portal, "fingerprint", "--fingerprint", f"https://ombuds.example/#fp={fp.replace(' ', '-')}")
    assert anyone.returncode == 0, anyone.stderr
    assert f"Office fingerprint: {fp}" in anyone.stdout
    assert "The log verifies from its first entry. The fingerprint matches the one you gave." in anyone.stdout
    other = client(portal, "fingerprint", "--fingerprint", "0123456789abcdef0123456789ABCDEF")
    assert other.returncode == 3
    assert "REFUSED: the office fingerprint this portal's log gives" in other.stderr


def fingerprint_short_code(portal: Portal) -> str:
    served = json_of(portal.office.client.get("/api/v1/office/log"))
    return verify_log(served["entries"], portal.office.office_id).short_code
