"""A member waiting for the office key sees no case: not the list, not a case's record, items
or views (they could read nothing, and even ids, times and counts are the office's to keep)."""

from tests.factories import Member, Office, Visitor, bearer


def test_a_member_without_the_office_key_sees_no_case_until_granted(
    office: Office, member: Member, visitor: Visitor
) -> None:
    env = office.visitor_envelope(visitor, "hello")
    base = f"/api/v1/cases/{visitor.case_id}"
    assert office.client.post(f"{base}/messages", json=env.to_json(), headers=bearer(visitor.token)).status_code == 201
    waiting = office.enrol("bob")
    office.sign_in_member(waiting)
    for method, path in [
        ("GET", "/api/v1/cases"),
        ("GET", base),
        ("GET", f"{base}/messages?after=0"),
        ("POST", f"{base}/messages/{env.id}/open"),
        ("GET", f"{base}/messages/{env.id}/views"),
        ("POST", f"{base}/close"),
    ]:
        answer = office.client.open(path, method=method, headers=bearer(waiting.token))
        assert answer.status_code == 403, (path, answer.json)
        assert answer.json is not None
        assert answer.json["error"]["code"] == "awaiting_grant", path
        assert visitor.case_id not in answer.get_data(as_text=True)
    # nothing was opened or closed meanwhile
    record = office.client.get(base, headers=bearer(member.token)).json
    assert record is not None
    assert record["status"] == "open"

    office.grant(member, waiting)
    listed = office.client.get("/api/v1/cases", headers=bearer(waiting.token)).json
    assert listed is not None
    assert [c["case_id"] for c in listed["items"]] == [visitor.case_id]
