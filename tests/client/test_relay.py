"""A visitor and a member talk through the terminal client only, against a live portal."""

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

    script = (
        portal.member_answers(portal.alice)
        + "cases\n"
        + f"read {visitor.case_id}\n"
        + f"reply {visitor.case_id}\nThank you for telling us.\nCan we talk on Friday?\n.\n"
        + "quit\n"
    )
    member = client(portal, "member", "shell", answers=script)
    assert member.returncode == 0, member.stderr
    out = member.stdout
    assert f"Signed in as Alice to Client Office. Office fingerprint: {fp}" in out
    assert visitor.case_id in out  # listed
    assert "Visitor" in out  # named as the log says
    assert "The lab's safety log is falsified." in out  # opened
    assert f"Sent to Case {visitor.case_id[:10]}" in out

    read = client(portal, "visitor", "read", "--agree", answers=CODENAME + "\n")
    assert read.returncode == 0, read.stderr
    assert "You" in read.stdout
    assert "The lab's safety log is falsified." in read.stdout
    assert "Alice" in read.stdout
    assert "    Thank you for telling us.\n    Can we talk on Friday?" in read.stdout
    assert "REFUSED" not in read.stdout
