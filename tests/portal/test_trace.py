"""Tracing a view code: which item, which case, who and when; it outlives the item, not the case."""

from typing import Any

from portal.scheduler import run_purge
from tests.factories import Member, Office, Visitor, bearer


def _post(office: Office, visitor: Visitor, **extra: Any) -> str:
    env = office.visitor_envelope(visitor, "traced words", **extra)
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token)
    )
    assert answer.status_code == 201, answer.json
    return env.id


def _open(office: Office, visitor: Visitor, item: str, token: str) -> str:
    opened = office.client.post(f"/api/v1/cases/{visitor.case_id}/messages/{item}/open", headers=bearer(token))
    assert opened.status_code == 200, opened.json
    assert opened.json is not None
    code: str = opened.json["view"]["code"]
    return code


def _trace(office: Office, member: Member, code: str) -> Any:
    return office.client.get("/api/v1/trace", query_string={"code": code}, headers=bearer(member.token))


def test_a_code_names_the_item_the_case_the_reader_and_the_time(
    office: Office, member: Member, visitor: Visitor
) -> None:
    item = _post(office, visitor)
    code = _open(office, visitor, item, member.token)
    found = _trace(office, member, code.lower().replace("-", ""))  # as typed off a photo
    assert found.status_code == 200, found.json
    assert found.json["code"] == code
    assert found.json["by"] == member.member_id
    assert found.json["case_id"] == visitor.case_id
    assert found.json["opened_at"] == office.clock.now()
    assert found.json["item"] == {
        "id": item,
        "kind": "message",
        "from": "visitor",
        "received_at": office.clock.now(),
        "destroyed": False,
    }


def test_a_view_once_item_stays_traceable_after_it_is_destroyed(
    office: Office, member: Member, visitor: Visitor
) -> None:
    item = _post(office, visitor, view_once=True)
    code = _open(office, visitor, item, member.token)
    gone = office.client.post(f"/api/v1/cases/{visitor.case_id}/messages/{item}/open", headers=bearer(member.token))
    assert gone.status_code in (404, 410)
    found = _trace(office, member, code)
    assert found.status_code == 200, found.json
    assert found.json["item"]["id"] == item
    assert found.json["item"]["destroyed"] is True


def test_an_expired_and_purged_item_stays_traceable(office: Office, member: Member, visitor: Visitor) -> None:
    item = _post(office, visitor, ttl=300)
    code = _open(office, visitor, item, member.token)
    office.clock.advance(301)
    assert [i.item_id for i in run_purge(office.app).items] == [item]
    office.sign_in_member(member)
    found = _trace(office, member, code)
    assert found.status_code == 200, found.json
    assert found.json["item"]["destroyed"] is True


def test_the_trace_goes_with_the_case(office: Office, member: Member, visitor: Visitor) -> None:
    code = _open(office, visitor, _post(office, visitor), member.token)
    destroyed = office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token))
    assert destroyed.status_code in (200, 204), destroyed.json
    found = _trace(office, member, code)
    assert found.status_code == 404
    assert found.json["error"]["code"] == "unknown_code"


def test_visitors_cannot_trace_and_bad_codes_are_refused(office: Office, member: Member, visitor: Visitor) -> None:
    code = _open(office, visitor, _post(office, visitor), member.token)
    assert office.client.get(
        "/api/v1/trace", query_string={"code": code}, headers=bearer(visitor.token)
    ).status_code in (
        401,
        403,
    )
    short = _trace(office, member, "ABC")
    assert short.status_code == 400
    assert short.json["error"]["code"] == "invalid_query"
    assert _trace(office, member, "ZZZZZ-ZZZZZ").status_code == 404
