"""Content-free email alerts, sent to a real SMTP server on localhost (aiosmtpd): a member opts
in; a visitor's message is announced once, with nothing in it but that there is news; no more
than one per interval; a member's own reply announces nothing; a mail server that refuses is
tried again later; the address is sealed in the database; bad input changes nothing."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.alerts.sender import send_due_alerts
from portal.db import session_scope
from portal.web.context import EXTENSION
from tests.conftest import office_on_engine
from tests.factories import Member, Office, Visitor, app_deps, bearer, json_of
from tests.mailbox import Mailbox, mailbox

ADDRESS = "ada.lovelace@ombuds.example.org"
INTERVAL_MINUTES = 60
SECRET_WORDS = "my manager shouted at me"


@pytest.fixture
def box() -> Iterator[Mailbox]:
    with mailbox() as b:
        yield b


@pytest.fixture(params=["sqlite", "postgresql"])
def alert_office(request: pytest.FixtureRequest, tmp_path: Path, box: Mailbox) -> Iterator[Office]:
    settings = {"notify_smtp_host": box.host, "notify_smtp_port": box.port, "notify_interval_minutes": INTERVAL_MINUTES}
    for office in office_on_engine(request, tmp_path, **settings):
        office.sign_in_member(office.enrol("alice"))
        yield office


def send_now(office: Office) -> int:
    with session_scope(office.app.extensions[EXTENSION]["sessions"]) as s:
        return send_due_alerts(s, app_deps(office.app))


def write(office: Office, visitor: Visitor, text: str = SECRET_WORDS) -> None:
    env = office.visitor_envelope(visitor, text)
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    assert office.client.post(url, json=env.to_json(), headers=bearer(visitor.token)).status_code == 201


def opt_in(office: Office, member: Member, address: str = ADDRESS) -> None:
    answer = office.client.put("/api/v1/alerts", json={"email": address}, headers=bearer(member.token))
    assert answer.status_code == 200, answer.json


def test_a_visitors_message_is_announced_once_per_interval_and_says_nothing_else(
    alert_office: Office, box: Mailbox
) -> None:
    office, alice = alert_office, alert_office.members[0]
    assert json_of(office.client.get("/api/v1/alerts", headers=bearer(alice.token))) == {
        "available": True,
        "email": None,
        "interval_minutes": INTERVAL_MINUTES,
    }
    opt_in(office, alice)
    assert json_of(office.client.get("/api/v1/alerts", headers=bearer(alice.token)))["email"] == ADDRESS
    assert send_now(office) == 0  # nothing happened yet

    visitor = office.open_case()
    write(office, visitor)
    assert send_now(office) == 1
    [email] = box.wait_for(1)
    assert email["To"] == ADDRESS
    text = box.raw[0].decode()
    assert "new activity" in text.lower()
    for secret in (visitor.case_id, SECRET_WORDS, "1 ", "message"):
        assert secret not in text, secret

    # More news within the interval waits; a member's own reply is no news to announce
    write(office, visitor, "and another thing")
    env = office.member_envelope(alice, visitor, "a reply")
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    assert office.client.post(url, json=env.to_json(), headers=bearer(alice.token)).status_code == 201
    assert send_now(office) == 0
    office.clock.advance(INTERVAL_MINUTES * 60)
    assert send_now(office) == 1
    assert len(box.wait_for(2)) == 2
    office.clock.advance(INTERVAL_MINUTES * 60)
    assert send_now(office) == 0  # (nothing new since)

    # The address is sealed: neither it nor the visitor's words are in the database file
    db = office.app.extensions[EXTENSION]["deps"].settings.instance_path / "sottovoce.db"
    if db.exists():
        stored = db.read_bytes()
        assert ADDRESS.encode() not in stored
        assert b"ada.lovelace" not in stored

    # Turned off: no more alerts
    office.sign_in_member(alice)  # (two hours on the clock ended her session)
    answer = office.client.delete("/api/v1/alerts", headers=bearer(alice.token))
    assert answer.status_code == 200, answer.json
    assert json_of(answer)["email"] is None
    write(office, office.open_case())
    office.clock.advance(INTERVAL_MINUTES * 60)
    assert send_now(office) == 0


def test_a_refusing_mail_server_is_tried_again_later_and_nothing_is_lost(alert_office: Office, box: Mailbox) -> None:
    office, alice = alert_office, alert_office.members[0]
    opt_in(office, alice)
    write(office, office.open_case())
    box.refuse = True
    assert send_now(office) == 0
    assert send_now(office) == 0  # (not at once again: it waits a little)
    box.refuse = False
    office.clock.advance(61)
    assert send_now(office) == 1
    assert len(box.wait_for(1)) == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": ""},
        {"email": "not an address"},
        {"email": "a@b"},
        {"email": 7},
        {"email": "x" * 250 + "@example.org"},
    ],
)
def test_a_bad_address_is_refused_and_changes_nothing(alert_office: Office, body: object) -> None:
    office, alice = alert_office, alert_office.members[0]
    answer = office.client.put("/api/v1/alerts", json=body, headers=bearer(alice.token))
    assert answer.status_code == 400
    assert json_of(answer)["error"]["code"] in {"invalid_email", "invalid_field"}
    assert json_of(office.client.get("/api/v1/alerts", headers=bearer(alice.token)))["email"] is None


def test_without_a_mail_server_alerts_are_unavailable_and_visitors_are_not_affected(
    office: Office, member: Member, visitor: Visitor
) -> None:
    assert json_of(office.client.get("/api/v1/alerts", headers=bearer(member.token)))["available"] is False
    answer = office.client.put("/api/v1/alerts", json={"email": ADDRESS}, headers=bearer(member.token))
    assert answer.status_code == 409
    assert json_of(answer)["error"]["code"] == "alerts_unavailable"
    write(office, visitor)
    assert send_now(office) == 0
    assert office.client.get("/api/v1/alerts", headers=bearer(visitor.token)).status_code == 403
