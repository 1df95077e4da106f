"""Real Socket.IO clients against a real portal process."""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio
from nacl.bindings import crypto_box_keypair
from sqlalchemy import update

from crypto.encoding import b64u_encode
from crypto.office import seal_grant
from portal.auth.models import Token
from portal.scheduler import SESSION_SWEEP_SECONDS
from tests.factories import Member, Office, Visitor, bearer
from tests.live import LiveServer, drive, live_server, prepared_office, server_env

NAMESPACE = "/v1"


@dataclass
class Listener:
    """A connected python-socketio client recording every event it receives."""

    client: socketio.Client
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10) -> list[tuple[str, dict[str, Any]]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.events) >= count, timeout)
        return list(self.events)

    def close(self) -> None:
        self.client.disconnect()


def listen(server: LiveServer, token: str | None) -> Listener:
    client = socketio.Client(reconnection=False)
    listener = Listener(client)

    def record(name: str) -> None:
        def handler(data: dict[str, Any]) -> None:
            with listener.arrived:
                listener.events.append((name, data))
                listener.arrived.notify_all()

        client.on(name, handler, namespace=NAMESPACE)

    for name in ("message", "expired", "viewed", "office", "case", "flag"):
        record(name)
    auth = {"token": token} if token is not None else None
    client.connect(server.base_url, namespaces=[NAMESPACE], auth=auth, transports=["websocket"], wait_timeout=10)
    return listener


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[tuple[Office, LiveServer]]:
    env = server_env(tmp_path / "instance")
    office = prepared_office(env)
    with live_server(env) as server:
        drive(office, server)
        member = office.enrol("alice")
        office.sign_in_member(member)
        yield office, server
    office.app.extensions["sottovoce"]["engine"].dispose()


def _post(office: Office, visitor: Visitor, token: str, body: str = "hi", member: Member | None = None) -> str:
    env = office.member_envelope(member, visitor, body) if member else office.visitor_envelope(visitor, body)
    answer = office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(token))
    assert answer.status_code == 201, answer.json
    return env.id


def test_connection_without_a_valid_token_is_refused(portal: tuple[Office, LiveServer]) -> None:
    _, server = portal
    for token in (None, "", "not-a-token"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            listen(server, token)


def test_visitor_hears_only_its_case_and_member_hears_all_ids_only(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    member = office.members[0]
    mine, other = office.open_case(), office.open_case()
    member_ear, my_ear, other_ear = (
        listen(server, member.token),
        listen(server, mine.token),
        listen(server, other.token),
    )
    try:
        first = _post(office, mine, mine.token, "secret words one")
        second = _post(office, other, other.token, "secret words two")
        opened = office.client.post(f"/api/v1/cases/{mine.case_id}/messages/{first}/open", headers=bearer(member.token))
        assert opened.json is not None
        member_events = member_ear.wait_for(3)
        my_events = my_ear.wait_for(2)
        time.sleep(0.5)  # give a stray event time to arrive
        assert sorted(member_events, key=str) == sorted(
            [
                ("message", {"case_id": mine.case_id, "id": first}),
                ("message", {"case_id": other.case_id, "id": second}),
                ("viewed", {"case_id": mine.case_id, "id": first, "view_id": opened.json["view"]["view_id"]}),
            ],
            key=str,
        )
        assert my_ear.events == [
            ("message", {"case_id": mine.case_id, "id": first}),
            ("viewed", {"case_id": mine.case_id, "id": first, "view_id": opened.json["view"]["view_id"]}),
        ]
        assert my_events == my_ear.events
        assert other_ear.events == [("message", {"case_id": other.case_id, "id": second})]
        assert "secret words" not in repr(member_ear.events + my_ear.events + other_ear.events)
    finally:
        for ear in (member_ear, my_ear, other_ear):
            ear.close()


def test_office_notes_are_announced_to_members_only(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    member = office.members[0]
    visitor = office.open_case()
    member_ear, visitor_ear = listen(server, member.token), listen(server, visitor.token)
    try:
        note = office.member_envelope(member, visitor, "internal", kind="note", recipient_box_pks=[office.office_pk])
        url = f"/api/v1/cases/{visitor.case_id}/messages"
        assert office.client.post(url, json=note.to_json(), headers=bearer(member.token)).status_code == 201
        assert member_ear.wait_for(1) == [("message", {"case_id": visitor.case_id, "id": note.id})]
        time.sleep(0.5)
        assert visitor_ear.events == []
    finally:
        member_ear.close()
        visitor_ear.close()


def test_a_triage_change_is_announced_to_members_only(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    member = office.members[0]
    visitor = office.open_case()
    member_ear, visitor_ear = listen(server, member.token), listen(server, visitor.token)
    try:
        base, auth = f"/api/v1/cases/{visitor.case_id}", bearer(member.token)
        assert office.client.put(f"{base}/urgent", json={"urgent": True}, headers=auth).status_code == 200
        assignee = {"member_id": member.member_id}
        assert office.client.put(f"{base}/assignee", json=assignee, headers=auth).status_code == 200
        assert member_ear.wait_for(2) == [("case", {"case_id": visitor.case_id})] * 2
        time.sleep(0.5)
        assert visitor_ear.events == []
    finally:
        member_ear.close()
        visitor_ear.close()


def test_a_flag_is_announced_to_members_only_and_never_to_another_visitor(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    member = office.members[0]
    flagging, other = office.open_case(), office.open_case()
    member_ear, flagging_ear, other_ear = (listen(server, t) for t in (member.token, flagging.token, other.token))
    try:
        url = f"/api/v1/cases/{flagging.case_id}/messages"
        alert = office.visitor_envelope(flagging, "I think I am facing retaliation.")
        posted = office.client.post(f"{url}?flag=true", json=alert.to_json(), headers=bearer(flagging.token))
        assert posted.status_code == 201, posted.json
        earlier = _post(office, flagging, flagging.token, "an earlier message")
        flagged = office.client.post(f"{url}/{earlier}/flag", headers=bearer(flagging.token))
        assert flagged.status_code == 200, flagged.json
        heard = member_ear.wait_for(4)
        assert sorted(heard, key=str) == sorted(
            [
                ("message", {"case_id": flagging.case_id, "id": alert.id}),
                ("flag", {"case_id": flagging.case_id, "id": alert.id}),
                ("message", {"case_id": flagging.case_id, "id": earlier}),
                ("flag", {"case_id": flagging.case_id, "id": earlier}),
            ],
            key=str,
        )
        # A member acknowledging it is the office's triage: members hear it, the visitor does not
        ack = office.client.post(f"/api/v1/cases/{flagging.case_id}/flag/acknowledge", headers=bearer(member.token))
        assert ack.status_code == 200, ack.json
        assert member_ear.wait_for(5)[4] == ("case", {"case_id": flagging.case_id})
        flagging_ear.wait_for(2)
        time.sleep(0.5)  # give a stray event time to arrive
        assert flagging_ear.events == [
            ("message", {"case_id": flagging.case_id, "id": alert.id}),
            ("message", {"case_id": flagging.case_id, "id": earlier}),
        ]
        assert other_ear.events == []
        assert len(member_ear.events) == 5
    finally:
        for ear in (member_ear, flagging_ear, other_ear):
            ear.close()


def test_signing_out_cuts_that_tokens_socket_at_once(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    visitor = office.open_case()
    ear = listen(server, visitor.token)
    assert ear.client.connected
    assert office.client.delete("/api/v1/auth/session", headers=bearer(visitor.token)).status_code == 200
    deadline = time.monotonic() + 5
    while ear.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not ear.client.connected
    with pytest.raises(socketio.exceptions.ConnectionError):
        listen(server, visitor.token)


def test_removing_a_member_cuts_that_members_sockets_at_once(portal: tuple[Office, LiveServer]) -> None:
    office, server = portal
    alice = office.members[0]
    # The live server checks TOTP codes by the real clock: enrol bob one step back, sign in now.
    office.clock.value = int(time.time()) - 30
    bob = office.enrol("bob")
    office.sign_in_member(bob)
    grant = {"member_id": bob.member_id, "version": 1, "grant": seal_grant(office.office_sk, bob.box_pk)}
    assert office.client.post("/api/v1/office/grants", json=grant, headers=bearer(alice.token)).status_code == 201
    bobs_ear, alices_ear = listen(server, bob.token), listen(server, alice.token)
    pk, sk = crypto_box_keypair()
    new_key = {
        "version": 2,
        "box_pk": b64u_encode(pk),
        "grants": [{"member_id": alice.member_id, "grant": seal_grant(sk, alice.box_pk)}],
    }
    removed = office.client.post(
        f"/api/v1/members/{bob.member_id}/remove", json={"office_key": new_key}, headers=bearer(alice.token)
    )
    assert removed.status_code == 200, removed.json
    deadline = time.monotonic() + 5
    while bobs_ear.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not bobs_ear.client.connected
    assert alices_ear.client.connected
    alices_ear.close()


def test_a_grant_tells_every_open_page_that_the_office_changed_and_nothing_more(
    portal: tuple[Office, LiveServer],
) -> None:
    office, server = portal
    alice = office.members[0]
    office.clock.value = int(time.time()) - 30  # (TOTP by the real clock, as above)
    bob = office.enrol("bob")
    office.sign_in_member(bob)
    visitor = office.open_case()
    ears = [listen(server, bob.token), listen(server, alice.token), listen(server, visitor.token)]
    try:
        grant = {"member_id": bob.member_id, "version": 1, "grant": seal_grant(office.office_sk, bob.box_pk)}
        assert office.client.post("/api/v1/office/grants", json=grant, headers=bearer(alice.token)).status_code == 201
        for ear in ears:
            assert ear.wait_for(1) == [("office", {})]
        # A refused grant changes nothing, and says nothing
        again = office.client.post("/api/v1/office/grants", json={**grant, "version": 9}, headers=bearer(alice.token))
        assert again.status_code >= 400
        time.sleep(0.5)
        assert all(len(ear.events) == 1 for ear in ears)
    finally:
        for ear in ears:
            ear.close()


@pytest.fixture
def slow_purge_portal(tmp_path: Path) -> Iterator[tuple[Office, LiveServer]]:
    """A portal whose purge is an hour away: only the session sweep can end a session meanwhile."""
    env = server_env(tmp_path / "instance", purge_interval_seconds="3600")
    office = prepared_office(env)
    with live_server(env) as server:
        drive(office, server)
        office.sign_in_member(office.enrol("alice"))
        yield office, server
    office.app.extensions["sottovoce"]["engine"].dispose()


def test_a_session_that_times_out_loses_its_socket_within_seconds(
    slow_purge_portal: tuple[Office, LiveServer],
) -> None:
    office, server = slow_purge_portal
    visitor = office.open_case()
    ear = listen(server, visitor.token)
    assert ear.client.connected
    with office.app.extensions["sottovoce"]["engine"].begin() as conn:  # its absolute limit reached
        conn.execute(update(Token).where(Token.case_id == visitor.case_id).values(expires_at=int(time.time()) - 1))
    deadline = time.monotonic() + 3 * SESSION_SWEEP_SECONDS
    while ear.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not ear.client.connected
