"""A grant of the office key that does not open (random bytes posted by a colleague): its member
reports it, is shown as waiting for the key, and a colleague holding the key grants it again in
its place (docs/protocol/v2.md section 7). Only a reported grant is replaced, and only by a holder."""

import os
from typing import Any

from crypto.encoding import b64u_encode
from crypto.office import GRANT_BYTES, open_grant, seal_grant
from tests.factories import Member, Office, Visitor, bearer, json_of

GRANTS = "/api/v1/office/grants"


def _bad_grant(office: Office, granter: Member, member: Member) -> None:
    body = {"member_id": member.member_id, "version": 1, "grant": b64u_encode(os.urandom(GRANT_BYTES))}
    answer = office.client.post(GRANTS, json=body, headers=bearer(granter.token))
    assert answer.status_code == 201, answer.json  # the server cannot tell: it is sealed


def _report(office: Office, member: Member, version: int = 1) -> Any:
    return office.client.post(f"{GRANTS}/unopenable", json={"version": version}, headers=bearer(member.token))


def _regrant(office: Office, granter: Member, member: Member, grant: str | None = None) -> Any:
    body = {"version": 1, "grant": grant or seal_grant(office.office_sk, member.box_pk)}
    return office.client.put(f"{GRANTS}/{member.member_id}", json=body, headers=bearer(granter.token))


def _pending(office: Office, member: Member) -> dict[str, Any]:
    items = json_of(office.client.get("/api/v1/members/pending", headers=bearer(member.token)))["items"]
    return {item["member_id"]: item for item in items}


def _code(answer: Any) -> str:
    return str(answer.json["error"]["code"])


def test_a_reported_grant_is_granted_again_and_the_member_reads_cases(
    office: Office, member: Member, visitor: Visitor
) -> None:
    malicious = office.enrol("mallory")
    office.sign_in_member(malicious)
    office.grant(member, malicious)
    newcomer = office.enrol("bob")
    office.sign_in_member(newcomer)
    _bad_grant(office, malicious, newcomer)
    own = json_of(office.client.get(GRANTS, headers=bearer(newcomer.token)))["items"]
    assert len(own) == 1  # their page finds it does not open, and says so
    assert _pending(office, member) == {}  # nobody is told yet
    reported = _report(office, newcomer)
    assert reported.status_code == 200, reported.json
    assert _report(office, newcomer).status_code == 200  # said again: nothing changes
    assert _pending(office, member)[newcomer.member_id]["unopenable"] is True
    # Waiting for the key, as one who holds none: no case shown.
    waiting = office.client.get("/api/v1/cases", headers=bearer(newcomer.token))
    assert (waiting.status_code, _code(waiting)) == (403, "awaiting_grant")
    # A plain grant is still refused (it would be a second member_added); a replacement is taken.
    again = office.client.post(
        GRANTS,
        json={"member_id": newcomer.member_id, "version": 1, "grant": seal_grant(office.office_sk, newcomer.box_pk)},
        headers=bearer(member.token),
    )
    assert (again.status_code, _code(again)) == (409, "already_granted")
    replaced = _regrant(office, member, newcomer)
    assert replaced.status_code == 200, replaced.json
    grant = json_of(office.client.get(GRANTS, headers=bearer(newcomer.token)))["items"][0]["grant"]
    assert open_grant(grant, newcomer.box_pk, newcomer.box_sk) == office.office_sk
    assert _pending(office, member) == {}
    cases = json_of(office.client.get("/api/v1/cases", headers=bearer(newcomer.token)))["items"]
    assert [c["case_id"] for c in cases] == [visitor.case_id]


def test_who_may_not_replace_a_grant(office: Office, member: Member) -> None:
    colleague = office.enrol("carol")
    office.sign_in_member(colleague)
    office.grant(member, colleague)
    newcomer = office.enrol("bob")
    office.sign_in_member(newcomer)
    stranger = office.enrol("dave")  # enrolled, never granted the key
    office.sign_in_member(stranger)
    # Nothing to replace before a grant, nor one that opens (never reported): a working grant is
    # never taken from its member.
    answer = _regrant(office, member, newcomer)
    assert (answer.status_code, _code(answer)) == (409, "grant_not_reported")
    office.grant(member, newcomer)
    good = json_of(office.client.get(GRANTS, headers=bearer(newcomer.token)))["items"][0]["grant"]
    junk = b64u_encode(os.urandom(GRANT_BYTES))
    answer = _regrant(office, colleague, newcomer, junk)
    assert (answer.status_code, _code(answer)) == (409, "grant_not_reported")
    assert json_of(office.client.get(GRANTS, headers=bearer(newcomer.token)))["items"][0]["grant"] == good
    # Reported now: a member holding no key may not replace it, nor may its member themself.
    assert _report(office, newcomer).status_code == 200
    for who in (stranger, newcomer):
        answer = _regrant(office, who, newcomer)
        assert (answer.status_code, _code(answer)) == (403, "no_grant"), who.username
    assert json_of(office.client.get(GRANTS, headers=bearer(newcomer.token)))["items"][0]["grant"] == good
    # A report of a grant one does not have, and bad bodies, change nothing.
    answer = _report(office, stranger)
    assert (answer.status_code, _code(answer)) == (404, "no_grant_to_report")
    for body in ({}, {"version": 0}, {"version": "1"}, {"version": 1, "grant": "short"}):
        answer = office.client.put(f"{GRANTS}/{newcomer.member_id}", json=body, headers=bearer(member.token))
        assert answer.status_code == 400, body
        assert set(json_of(answer)["error"]) == {"code", "message"}
    assert _pending(office, member)[newcomer.member_id]["unopenable"] is True
    # Visitors may do neither.
    visitor = office.open_case()
    answer = office.client.put(
        f"{GRANTS}/{newcomer.member_id}",
        json={"version": 1, "grant": seal_grant(office.office_sk, newcomer.box_pk)},
        headers=bearer(visitor.token),
    )
    assert answer.status_code == 403
    # Two colleagues granting again: the first replaces it, the second is told it was not reported.
    assert _regrant(office, member, newcomer).status_code == 200
    second = _regrant(office, colleague, newcomer, junk)
    assert (second.status_code, _code(second)) == (409, "grant_not_reported")
