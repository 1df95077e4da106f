"""Flags (issue 12): a visitor flags an item for the office's attention, as it posts it
(``?flag=true``) or afterwards (POST …/messages/{id}/flag); the case then counts as flagged, in
the members' listing, until a member acknowledges it. Whether the flag means "urgent" or "I am
facing retaliation" is inside the sealed payload: the server stores only that the item is
flagged. Only the case's visitor flags its own items; bad input changes nothing; a flag has
subscribed members emailed at once, without waiting for the interval."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crypto.envelope import Envelope, seal_envelope
from portal.alerts.sender import send_due_alerts
from portal.db import session_scope
from portal.web.context import EXTENSION
from tests.conftest import office_on_engine
from tests.factories import Member, Office, Visitor, app_deps, bearer, json_of
from tests.mailbox import Mailbox, mailbox

WORDS = "My manager moved me to the night shift after I wrote to you."
ADDRESS = "ada@ombuds.example.org"
INTERVAL_MINUTES = 60


def _retaliation(office: Office, visitor: Visitor, words: str = WORDS) -> Envelope:
    """What the visitor's page seals for "I think I am facing retaliation": the flag's meaning is in the payload."""
    return seal_envelope(
        {"format": "plain", "body": f"I think I am facing retaliation.\n\n{words}", "flag": "retaliation"},
        case=visitor.case_id,
        kind="message",
        sender_seed=visitor.keys.sign_seed,
        recipient_box_pks=[office.office_pk, visitor.keys.box_pk],
        sent_at=office.clock.now(),
    )


def _messages(visitor: Visitor) -> str:
    return f"/api/v1/cases/{visitor.case_id}/messages"


def _post(office: Office, visitor: Visitor, token: str, env: Envelope, query: str = "") -> Any:
    return office.client.post(_messages(visitor) + query, json=env.to_json(), headers=bearer(token))


def _listed(office: Office, member: Member, visitor: Visitor) -> dict[str, Any]:
    items = json_of(office.client.get("/api/v1/cases", headers=bearer(member.token)))["items"]
    found: dict[str, Any] = next(item for item in items if item["case_id"] == visitor.case_id)
    return found


def _items(office: Office, visitor: Visitor, token: str) -> dict[str, dict[str, Any]]:
    listing = json_of(office.client.get(f"{_messages(visitor)}?after=0", headers=bearer(token)))
    return {item["id"]: item for item in listing["items"]}


def _flag(office: Office, visitor: Visitor, token: str, item_id: str) -> Any:
    return office.client.post(f"{_messages(visitor)}/{item_id}/flag", headers=bearer(token))


def test_a_visitor_raises_retaliation_and_the_case_is_flagged_until_a_member_acknowledges(
    office: Office, member: Member, visitor: Visitor
) -> None:
    plain = office.visitor_envelope(visitor, "an ordinary message")
    assert _post(office, visitor, visitor.token, plain).status_code == 201
    listed = _listed(office, member, visitor)
    assert listed["flagged"] is False
    assert listed["flagged_at"] is None

    alert = _retaliation(office, visitor)
    answer = _post(office, visitor, visitor.token, alert, "?flag=true")
    assert answer.status_code == 201, answer.json
    assert json_of(answer)["flagged"] is True
    listed = _listed(office, member, visitor)
    assert listed["flagged"] is True
    assert listed["flagged_at"] == office.clock.now()
    # Both sides' listings say which item is flagged, and nothing of why
    for token in (member.token, visitor.token):
        items = _items(office, visitor, token)
        assert items[alert.id]["flagged"] is True
        assert items[plain.id]["flagged"] is False
        assert "retaliation" not in repr(items)
    # The visitor is not shown the office's triage, flag included
    seen = json_of(office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token)))
    assert "flagged" not in seen

    # A retry of the same envelope is answered as the first time, and flags nothing anew
    again = _post(office, visitor, visitor.token, alert, "?flag=true")
    assert again.status_code == 200
    assert json_of(again)["flagged"] is True

    # A member acknowledges: the case no longer counts as flagged; the item still says it was
    office.clock.advance(60)
    acknowledged = office.client.post(f"/api/v1/cases/{visitor.case_id}/flag/acknowledge", headers=bearer(member.token))
    assert acknowledged.status_code == 200, acknowledged.json
    assert json_of(acknowledged)["flagged"] is False
    assert _listed(office, member, visitor)["flagged"] is False
    assert _items(office, visitor, member.token)[alert.id]["flagged"] is True


def test_a_visitor_marks_a_message_they_sent_urgent_afterwards(
    office: Office, member: Member, visitor: Visitor
) -> None:
    env = office.visitor_envelope(visitor, "please call me back")
    assert _post(office, visitor, visitor.token, env).status_code == 201
    office.clock.advance(5)
    answer = _flag(office, visitor, visitor.token, env.id)
    assert answer.status_code == 200, answer.json
    assert json_of(answer)["id"] == env.id
    assert json_of(answer)["flagged"] is True
    assert _listed(office, member, visitor)["flagged_at"] == office.clock.now()
    # Flagging it again changes nothing (the case stays flagged since the first time)
    office.clock.advance(5)
    assert _flag(office, visitor, visitor.token, env.id).status_code == 200
    assert _listed(office, member, visitor)["flagged_at"] == office.clock.now() - 5


def test_only_the_cases_visitor_flags_and_only_its_own_items(office: Office, member: Member, visitor: Visitor) -> None:
    other = office.open_case()
    mine = office.visitor_envelope(visitor, "mine")
    assert _post(office, visitor, visitor.token, mine).status_code == 201
    reply = office.member_envelope(member, visitor, "a reply from the office")
    assert _post(office, visitor, member.token, reply).status_code == 201

    refusals = [
        # a member may neither post a flagged item nor flag one
        (_post(office, visitor, member.token, office.member_envelope(member, visitor), "?flag=true"), 403),
        (_flag(office, visitor, member.token, mine.id), 403),
        # the visitor of another case sees no such case
        (office.client.post(f"{_messages(visitor)}/{mine.id}/flag", headers=bearer(other.token)), 404),
        (_post(office, visitor, other.token, office.visitor_envelope(other), "?flag=true"), 404),
        # the office's words are not the visitor's to flag
        (_flag(office, visitor, visitor.token, reply.id), 403),
        (_flag(office, visitor, visitor.token, "m_nothere"), 404),
        # nor is the office's triage theirs to clear
        (office.client.post(f"/api/v1/cases/{visitor.case_id}/flag/acknowledge", headers=bearer(visitor.token)), 403),
        (office.client.post("/api/v1/cases/c_nothere/flag/acknowledge", headers=bearer(member.token)), 404),
        # without a session
        (office.client.post(f"{_messages(visitor)}/{mine.id}/flag"), 401),
    ]
    for answer, status in refusals:
        assert answer.status_code == status, answer.json
        error = json_of(answer)["error"]
        assert set(error) == {"code", "message"}
        assert error["message"]
    assert [json_of(a)["error"]["code"] for a, _ in refusals[:2]] == ["flag_not_allowed", "wrong_role"]
    assert json_of(refusals[4][0])["error"]["code"] == "not_your_item"

    # Nothing changed
    assert _listed(office, member, visitor)["flagged"] is False
    assert _listed(office, member, other)["flagged"] is False
    assert not any(item["flagged"] for item in _items(office, visitor, member.token).values())


@pytest.mark.parametrize("query", ["?flag=1", "?flag=yes", "?flag=", "?flag=True", "?flag=retaliation"])
def test_a_flag_other_than_true_is_refused_and_nothing_is_stored(
    office: Office, member: Member, visitor: Visitor, query: str
) -> None:
    env = _retaliation(office, visitor)
    answer = _post(office, visitor, visitor.token, env, query)
    assert answer.status_code == 400
    assert json_of(answer)["error"]["code"] == "invalid_query"
    assert _items(office, visitor, visitor.token) == {}
    assert _listed(office, member, visitor)["flagged"] is False


def test_an_expired_item_cannot_be_flagged(office: Office, member: Member, visitor: Visitor) -> None:
    env = office.visitor_envelope(visitor, "short-lived", ttl=300)
    assert _post(office, visitor, visitor.token, env).status_code == 201
    office.clock.advance(301)
    office.sign_in_visitor(visitor)  # (the session may have ended meanwhile)
    answer = _flag(office, visitor, visitor.token, env.id)
    assert answer.status_code == 410
    assert json_of(answer)["error"]["code"] == "expired"


def test_the_database_learns_that_an_item_is_flagged_and_never_why(
    office: Office, member: Member, visitor: Visitor
) -> None:
    assert _post(office, visitor, visitor.token, _retaliation(office, visitor), "?flag=true").status_code == 201
    db = office.app.extensions[EXTENSION]["deps"].settings.instance_path / "sottovoce.db"
    if db.exists():  # (SQLite; on PostgreSQL the same rows, as the listings above show)
        stored = b"".join(p.read_bytes() for p in db.parent.glob("sottovoce.db*"))
        assert b"retaliation" not in stored.lower()
        assert WORDS.encode() not in stored


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


def _send_now(office: Office) -> int:
    with session_scope(office.app.extensions[EXTENSION]["sessions"]) as s:
        return send_due_alerts(s, app_deps(office.app))


def test_a_flag_emails_subscribed_members_at_once_within_the_interval(alert_office: Office, box: Mailbox) -> None:
    office, alice = alert_office, alert_office.members[0]
    assert office.client.put("/api/v1/alerts", json={"email": ADDRESS}, headers=bearer(alice.token)).status_code == 200
    visitor = office.open_case()
    first = office.visitor_envelope(visitor, "hello")
    assert _post(office, visitor, visitor.token, first).status_code == 201
    assert _send_now(office) == 1
    # More news within the interval waits…
    assert _post(office, visitor, visitor.token, office.visitor_envelope(visitor, "more")).status_code == 201
    assert _send_now(office) == 0
    # …but a flag goes out at once, saying no more than any alert
    assert _post(office, visitor, visitor.token, _retaliation(office, visitor), "?flag=true").status_code == 201
    assert _send_now(office) == 1
    # and so does an item flagged afterwards
    assert _flag(office, visitor, visitor.token, first.id).status_code == 200
    assert _send_now(office) == 1
    emails = box.wait_for(3)
    assert len(emails) == 3
    for raw in box.raw:
        text = raw.decode().lower()
        assert "new activity" in text
        for secret in ("retaliation", "urgent", visitor.case_id.lower(), WORDS.lower()):
            assert secret not in text
