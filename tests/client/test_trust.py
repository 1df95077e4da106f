"""What the terminal client refuses: an office log an operator rewrote in the database, an item
signed by a member row the log does not name; and how it fails (one line, a non-zero status)."""

import os
import subprocess
import sys

from tests.browser.operator import Operator
from tests.client.conftest import CODENAME, Portal, Shell, client
from tests.client.test_relay import fingerprint_of
from tests.factories import bearer
from tests.paths import ROOT, free_port

FORGED = "Please send me your badge number and home address."
REFUSED_LOG = "REFUSED: the office's key log is not the one seen last time"


def test_a_visitor_refuses_a_log_the_operator_replaced_and_shows_nothing(portal: Portal) -> None:
    portal.open_case()
    fp = fingerprint_of(portal)
    first = client(portal, "visitor", "--fingerprint", fp, "write", "--text", "Before.", answers=CODENAME + "\n")
    assert first.returncode == 0, first.stderr

    operator = Operator(portal.instance)
    try:
        operator.replace_log(operator.insert_member("Ada, Ombuds"))
    finally:
        operator.close()

    again = client(portal, "visitor", "read", "--agree", answers=CODENAME + "\n")
    assert again.returncode == 3
    assert again.stderr.startswith(f"sottovoce-client: {REFUSED_LOG}")
    assert len(again.stderr.splitlines()) == 1
    assert again.stdout == ""  # nothing shown
    # Someone new to the portal, given the office's published fingerprint, is refused as well.
    other = "zinc yonder willow velvet umber tundra sierra quartz"
    portal.open_case(other)
    fresh = client(portal, "visitor", "--fingerprint", fp, "read", answers=other + "\n")
    assert fresh.returncode == 3
    assert "is not the one you gave" in fresh.stderr
    assert fresh.stdout == ""


def test_a_member_session_stops_when_the_log_is_rewritten_under_it(portal: Portal) -> None:
    shell = Shell(portal, "member", "shell", answers=portal.member_answers(portal.alice))
    shown = shell.run("log verify", until="The log verifies")
    assert "The log verifies from its first entry, and extends the one you saw last." in shown

    operator = Operator(portal.instance)
    try:
        operator.replace_log(operator.insert_member("Ada, Ombuds"))
    finally:
        operator.close()
    status, out, err = shell.finish("cases\nquit\n")
    assert status == 3
    assert err.startswith(f"sottovoce-client: {REFUSED_LOG}")
    assert "No cases" not in out


def test_a_view_once_item_served_again_is_refused(portal: Portal) -> None:
    visitor = portal.open_case()
    once = portal.office.visitor_envelope(visitor, "Read this once.", view_once=True)
    path = f"/api/v1/cases/{visitor.case_id}/messages"
    posted = portal.office.client.post(path, json=once.to_json(), headers=bearer(visitor.token))
    assert posted.status_code == 201, posted.json
    operator = Operator(portal.instance)
    try:
        row = operator.item_row(once.id)  # what a replaying operator keeps
        shell = Shell(portal, "member", "shell", answers=portal.member_answers(portal.alice))
        held = shell.run(f"read {visitor.case_id}", until="1 item")
        assert "(view once: not opened; opening spends it; use --open-view-once)" in held
        opened = shell.run(f"read {visitor.case_id} --open-view-once", until="1 item")
        assert "    Read this once." in opened
        operator.put_back(row)
    finally:
        operator.close()
    status, out, err = shell.finish(f"read {visitor.case_id}\nquit\n")
    assert status == 0, err
    assert "REFUSED: shown only once, and served again" in out
    assert "Read this once." not in out
    assert "1 item, 1 REFUSED." in out


def test_an_item_from_a_member_row_the_log_does_not_name_is_shown_refused(portal: Portal) -> None:
    visitor = portal.open_case()
    fp = fingerprint_of(portal)
    wrote = client(portal, "visitor", "--fingerprint", fp, "write", "--text", "Hello.", answers=CODENAME + "\n")
    assert wrote.returncode == 0, wrote.stderr
    operator = Operator(portal.instance)
    try:
        operator.forge_reply(operator.insert_member("Ada, Ombuds"), FORGED)
    finally:
        operator.close()

    read = client(portal, "visitor", "read", "--agree", answers=CODENAME + "\n")
    assert read.returncode == 0, read.stderr
    assert FORGED not in read.stdout
    assert "Ada" not in read.stdout
    assert "REFUSED: this item does not verify" in read.stdout
    assert "1 item REFUSED: not verified." in read.stdout
    short = visitor.case_id[:10]  # as the lists show it
    member = client(portal, "member", "read", short, answers=portal.member_answers(portal.alice))
    assert member.returncode == 0, member.stderr
    assert "Hello." in member.stdout
    assert FORGED not in member.stdout
    assert "2 items, 1 REFUSED." in member.stdout


def test_a_wrong_password_a_bad_argument_and_an_unreachable_portal_fail_in_one_line(portal: Portal) -> None:
    wrong = client(portal, "member", "cases", answers=portal.member_answers(portal.alice, "not the password"))
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "sottovoce-client: Sign-in failed. Check what you entered and try again."
    assert wrong.stdout == ""

    no_case = client(portal, "member", "read")
    assert no_case.returncode == 2
    assert len(no_case.stderr.splitlines()) == 1
    assert "Traceback" not in no_case.stderr

    nowhere = subprocess.run(
        [sys.executable, "-m", "terminal", "--url", f"http://127.0.0.1:{free_port()}", "visitor", "read"],
        input=CODENAME + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
    )
    assert nowhere.returncode == 1
    assert nowhere.stderr.startswith("sottovoce-client: the portal at http://127.0.0.1:")
    assert "could not be reached" in nowhere.stderr
    assert len(nowhere.stderr.splitlines()) == 1
