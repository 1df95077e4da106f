"""Pins on the server: each owner stores and reads only its own, sealed to itself alone; a case's
pin goes with the case."""

from crypto.pin import Pin, member_pin_case, open_pin, seal_pin
from portal.db import session_scope
from portal.pins.models import Pin as PinRow
from tests.factories import Member, Office, Visitor, bearer, json_of

PIN = Pin(1, bytes(32), "0000 0000 0000 0000 0000 0000 0000 0000", ("item",))


def _visitor_pin(office: Office, visitor: Visitor, box_pk: bytes | None = None) -> dict[str, str]:
    return seal_pin(
        PIN,
        case=visitor.case_id,
        sign_seed=visitor.keys.sign_seed,
        box_pk=box_pk or visitor.keys.box_pk,
        sent_at=office.clock.now(),
    ).to_json()


def test_a_visitor_stores_and_reads_back_its_own_pin(office: Office, visitor: Visitor) -> None:
    path, auth = f"/api/v1/cases/{visitor.case_id}/pin", bearer(visitor.token)
    assert json_of(office.client.get(path, headers=auth))["envelope"] is None
    assert office.client.put(path, json={"envelope": _visitor_pin(office, visitor)}, headers=auth).status_code == 200
    got = json_of(office.client.get(path, headers=auth))
    opened = open_pin(got["envelope"], case=visitor.case_id, sign_pk=visitor.keys.sign_pk, box_sk=visitor.keys.box_sk)
    assert opened == PIN


def test_a_pin_sealed_to_anyone_else_or_for_another_case_is_refused(office: Office, visitor: Visitor) -> None:
    other = office.open_case()
    path, auth = f"/api/v1/cases/{visitor.case_id}/pin", bearer(visitor.token)
    to_office = _visitor_pin(office, visitor, office.office_pk)
    assert (
        json_of(office.client.put(path, json={"envelope": to_office}, headers=auth))["error"]["code"]
        == "bad_recipients"
    )
    theirs = office.client.put(path, json={"envelope": _visitor_pin(office, other)}, headers=auth)
    assert json_of(theirs)["error"]["code"] in {"wrong_case", "wrong_sender"}
    assert office.client.get(f"/api/v1/cases/{other.case_id}/pin", headers=auth).status_code == 404
    assert json_of(office.client.get(path, headers=auth))["envelope"] is None


def test_a_member_keeps_a_pin_of_their_own(office: Office, member: Member) -> None:
    envelope = seal_pin(
        PIN,
        case=member_pin_case(member.member_id),
        sign_seed=member.sign_seed,
        box_pk=member.box_pk,
        sent_at=office.clock.now(),
    ).to_json()
    auth = bearer(member.token)
    assert office.client.put("/api/v1/office/pin", json={"envelope": envelope}, headers=auth).status_code == 200
    got = json_of(office.client.get("/api/v1/office/pin", headers=auth))["envelope"]
    assert open_pin(got, case=member_pin_case(member.member_id), sign_pk=member.sign_pk, box_sk=member.box_sk) == PIN


def test_a_case_pin_goes_with_its_case(office: Office, visitor: Visitor) -> None:
    path, auth = f"/api/v1/cases/{visitor.case_id}/pin", bearer(visitor.token)
    office.client.put(path, json={"envelope": _visitor_pin(office, visitor)}, headers=auth)
    assert office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=auth).status_code == 200
    with session_scope(office.app.extensions["sottovoce"]["sessions"]) as s:
        assert s.query(PinRow).count() == 0
