"""Removing a member rotates the office key in the same step (PROTOCOL.md section 6): the member
can no longer sign in or use a session, and what is sent afterwards is sealed to a key that only
the remaining members hold; a refused removal changes nothing."""

from typing import Any

import pytest
from nacl.bindings import crypto_box_keypair

from crypto.encoding import b64u_encode
from crypto.office import open_grant, seal_grant
from tests.factories import Member, Office, Visitor, bearer


def _grant(office: Office, granter: Member, member: Member) -> None:
    body = {"member_id": member.member_id, "version": 1, "grant": seal_grant(office.office_sk, member.box_pk)}
    answer = office.client.post("/api/v1/office/grants", json=body, headers=bearer(granter.token))
    assert answer.status_code == 201, answer.json


def _new_key(holders: list[Member], version: int = 2, box: tuple[bytes, bytes] | None = None) -> dict[str, Any]:
    pk, sk = box or crypto_box_keypair()
    return {
        "version": version,
        "box_pk": b64u_encode(pk),
        "grants": [{"member_id": m.member_id, "grant": seal_grant(sk, m.box_pk)} for m in holders],
    }


def _remove(office: Office, remover: Member, member: Member, office_key: object) -> Any:
    return office.client.post(
        f"/api/v1/members/{member.member_id}/remove", json={"office_key": office_key}, headers=bearer(remover.token)
    )


@pytest.fixture
def team(office: Office, member: Member) -> tuple[Member, Member, Member]:
    """alice (holds the key), bob (granted), carol (waiting for a grant)."""
    bob, carol = office.enrol("bob"), office.enrol("carol")
    for m in (bob, carol):
        office.sign_in_member(m)
    office.sign_in_member(member)
    _grant(office, member, bob)
    return member, bob, carol


def _office(office: Office) -> Any:
    return office.client.get("/api/v1/office").json


def _json(answer: Any) -> Any:
    assert answer.json is not None
    return answer.json


def test_removal_ends_the_member_and_rotates_the_key(
    office: Office, team: tuple[Member, Member, Member], visitor: Visitor
) -> None:
    alice, bob, carol = team
    pk, sk = crypto_box_keypair()
    done = _remove(office, alice, bob, _new_key([alice], box=(pk, sk)))
    assert done.status_code == 200, done.json
    assert done.json["office_key"]["version"] == 2
    described = _office(office)
    assert described["office_key"]["box_pk"] == b64u_encode(pk)
    assert {m["member_id"]: m["active"] for m in described["members"]}[bob.member_id] is False  # still listed

    # bob's session is over and he cannot sign in again: told why, once he has proved he is bob
    assert office.client.get("/api/v1/cases", headers=bearer(bob.token)).status_code == 401
    again = office.try_member_sign_in(bob)
    assert again.status_code == 401
    assert _json(again)["error"]["code"] == "member_removed"
    assert "removed from the office" in _json(again)["error"]["message"]
    guessed = office.try_member_sign_in(bob, password="not bob's password at all")
    assert guessed.status_code == 401
    assert _json(guessed)["error"]["code"] == "sign_in_failed"

    # alice takes the new key from her grants, and still has the old one
    grants = _json(office.client.get("/api/v1/office/grants", headers=bearer(alice.token)))["items"]
    assert [g["version"] for g in grants] == [1, 2]
    assert open_grant(grants[1]["grant"], alice.box_pk, alice.box_sk) == sk

    # what is sent now must be sealed to the new key
    old = office.visitor_envelope(visitor, "to the old key")
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    refused = office.client.post(url, json=old.to_json(), headers=bearer(visitor.token))
    assert refused.status_code == 400
    assert _json(refused)["error"]["code"] == "bad_recipients"
    new = office.visitor_envelope(visitor, "to the new key", recipient_box_pks=[pk, visitor.keys.box_pk])
    assert office.client.post(url, json=new.to_json(), headers=bearer(visitor.token)).status_code == 201

    # carol still waits, now for the new version
    pending = _json(office.client.get("/api/v1/members/pending", headers=bearer(alice.token)))["items"]
    assert [m["member_id"] for m in pending] == [carol.member_id]


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("self", 400, "cannot_remove_self"),
        ("stale_version", 409, "stale_key_version"),
        ("next_but_one_version", 409, "stale_key_version"),
        ("remover_left_out", 400, "bad_grants"),
        ("removed_one_granted", 400, "bad_grants"),
        ("waiting_one_granted", 400, "bad_grants"),
        ("granted_twice", 400, "bad_grants"),
        ("old_key_reused", 400, "key_reused"),
        ("not_an_object", 400, "invalid_field"),
        ("short_box_pk", 400, "invalid_field"),
        ("bad_grant_bytes", 400, "invalid_field"),
        ("no_grants", 400, "invalid_field"),
        ("unknown_member", 404, "no_member"),
        ("by_a_waiting_member", 403, "no_grant"),
    ],
)
def test_a_refused_removal_changes_nothing(
    office: Office, team: tuple[Member, Member, Member], case: str, status: int, code: str
) -> None:
    alice, bob, carol = team
    remover, target, key = alice, bob, _new_key([alice])
    if case == "self":
        target, key = alice, _new_key([bob])
    elif case == "stale_version":
        key = _new_key([alice], version=1)
    elif case == "next_but_one_version":
        key = _new_key([alice], version=3)
    elif case == "remover_left_out":
        key = _new_key([carol])
    elif case == "removed_one_granted":
        key = _new_key([alice, bob])
    elif case == "waiting_one_granted":
        key = _new_key([alice, carol])
    elif case == "granted_twice":
        key = _new_key([alice, alice])
    elif case == "old_key_reused":
        key = _new_key([alice], box=(office.office_pk, office.office_sk))
    elif case == "not_an_object":
        key = "rotate please"  # type: ignore[assignment]
    elif case == "short_box_pk":
        key["box_pk"] = b64u_encode(b"x" * 31)
    elif case == "bad_grant_bytes":
        key["grants"][0]["grant"] = "!!"
    elif case == "no_grants":
        key["grants"] = []
    elif case == "unknown_member":
        target = Member("m_nobody", "nobody", "", "", b"", b"", b"")
    elif case == "by_a_waiting_member":
        remover = carol
    before = _office(office)
    answer = _remove(office, remover, target, key)
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["code"] == code
    assert _office(office) == before
    assert office.client.get("/api/v1/cases", headers=bearer(bob.token)).status_code == 200


def test_visitors_cannot_remove_members(office: Office, team: tuple[Member, Member, Member], visitor: Visitor) -> None:
    alice, bob, _carol = team
    answer = office.client.post(
        f"/api/v1/members/{bob.member_id}/remove",
        json={"office_key": _new_key([alice])},
        headers=bearer(visitor.token),
    )
    assert answer.status_code == 403
    assert office.client.get("/api/v1/cases", headers=bearer(bob.token)).status_code == 200
