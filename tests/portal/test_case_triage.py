"""The office's triage of a case: reopening a closed case, marking it urgent, assigning it to a
member; what the inbox lists of each case; and that none of it is shown to the visitor."""

from typing import Any

import pytest

from tests.factories import Member, Office, Visitor, bearer, json_of

DAY = 86400


def _case(office: Office, visitor: Visitor, token: str) -> dict[str, Any]:
    answer = office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(token))
    assert answer.status_code == 200, answer.json
    record: dict[str, Any] = json_of(answer)
    return record


def _listed(office: Office, member: Member) -> dict[str, dict[str, Any]]:
    items = json_of(office.client.get("/api/v1/cases", headers=bearer(member.token)))["items"]
    return {item["case_id"]: item for item in items}


def _post(office: Office, token: str, path: str, body: object = None, method: str = "POST") -> Any:
    return office.client.open(path, method=method, json=body, headers=bearer(token))


def test_a_member_reopens_a_closed_case_and_its_idle_clock_restarts(
    office: Office, member: Member, visitor: Visitor
) -> None:
    base = f"/api/v1/cases/{visitor.case_id}"
    settings = office.app.extensions["sottovoce"]["deps"].settings
    closed = json_of(_post(office, member.token, f"{base}/close"))
    assert closed["status"] == "closed"
    office.clock.advance(DAY)
    office.sign_in_member(member)  # (the session ended meanwhile)
    reopened = _post(office, member.token, f"{base}/reopen")
    assert reopened.status_code == 200
    record = json_of(reopened)
    assert record["status"] == "open"
    assert record["closed_at"] is None
    assert record["retention_until"] == office.clock.now() + settings.retention_idle_days * DAY
    # Reopening an open case changes nothing
    assert json_of(_post(office, member.token, f"{base}/reopen")) == record


def test_only_members_reopen_and_a_visitor_sees_no_triage(office: Office, member: Member, visitor: Visitor) -> None:
    base = f"/api/v1/cases/{visitor.case_id}"
    _post(office, member.token, f"{base}/close")
    _post(office, member.token, f"{base}/urgent", {"urgent": True}, "PUT")
    assert _post(office, visitor.token, f"{base}/reopen").status_code == 403
    assert _post(office, visitor.token, f"{base}/urgent", {"urgent": False}, "PUT").status_code == 403
    assert _post(office, visitor.token, f"{base}/assignee", {"member_id": None}, "PUT").status_code == 403
    seen = _case(office, visitor, visitor.token)
    assert seen["status"] == "closed"
    assert "urgent" not in seen
    assert "assignee" not in seen


def test_urgent_is_set_and_cleared_and_listed(office: Office, member: Member, visitor: Visitor) -> None:
    path = f"/api/v1/cases/{visitor.case_id}/urgent"
    assert _listed(office, member)[visitor.case_id]["urgent"] is False
    assert json_of(_post(office, member.token, path, {"urgent": True}, "PUT"))["urgent"] is True
    assert _listed(office, member)[visitor.case_id]["urgent"] is True
    assert _case(office, visitor, member.token)["urgent"] is True
    assert json_of(_post(office, member.token, path, {"urgent": False}, "PUT"))["urgent"] is False


def test_a_member_takes_a_case_hands_it_to_a_colleague_and_releases_it(
    office: Office, member: Member, visitor: Visitor
) -> None:
    colleague = office.enrol("bob")
    path = f"/api/v1/cases/{visitor.case_id}/assignee"
    assert _listed(office, member)[visitor.case_id]["assignee"] is None
    taken = _post(office, member.token, path, {"member_id": member.member_id}, "PUT")
    assert json_of(taken)["assignee"] == member.member_id
    handed = _post(office, member.token, path, {"member_id": colleague.member_id}, "PUT")
    assert json_of(handed)["assignee"] == colleague.member_id
    assert _listed(office, member)[visitor.case_id]["assignee"] == colleague.member_id
    assert json_of(_post(office, member.token, path, {"member_id": None}, "PUT"))["assignee"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"member_id": "m_nobody"}, "no_member"),
        ({}, "invalid_field"),
        ({"member_id": 7}, "invalid_field"),
        ({"member_id": "x" * 33}, "invalid_field"),
    ],
)
def test_an_assignment_to_no_member_is_refused(
    office: Office, member: Member, visitor: Visitor, body: dict[str, Any], code: str
) -> None:
    answer = _post(office, member.token, f"/api/v1/cases/{visitor.case_id}/assignee", body, "PUT")
    assert answer.status_code == 400
    assert json_of(answer)["error"]["code"] == code


@pytest.mark.parametrize("body", [{}, {"urgent": 1}, {"urgent": "yes"}, {"urgent": None}])
def test_urgent_takes_true_or_false_only(office: Office, member: Member, visitor: Visitor, body: object) -> None:
    answer = _post(office, member.token, f"/api/v1/cases/{visitor.case_id}/urgent", body, "PUT")
    assert answer.status_code == 400
    assert json_of(answer)["error"]["code"] == "invalid_field"


def test_triage_of_a_case_that_does_not_exist_is_404(office: Office, member: Member) -> None:
    base = "/api/v1/cases/c_nothere"
    for method, path, body in [
        ("POST", f"{base}/reopen", None),
        ("PUT", f"{base}/urgent", {"urgent": True}),
        ("PUT", f"{base}/assignee", {"member_id": None}),
    ]:
        answer = _post(office, member.token, path, body, method)
        assert answer.status_code == 404, path
        assert json_of(answer)["error"]["code"] == "case_not_found"


def test_the_inbox_lists_the_items_others_sent_newest_first(office: Office, member: Member, visitor: Visitor) -> None:
    colleague = office.enrol("bob")
    office.sign_in_member(colleague)
    office.grant(member, colleague)
    base = f"/api/v1/cases/{visitor.case_id}/messages"
    for token, env in [
        (visitor.token, office.visitor_envelope(visitor, "first")),
        (member.token, office.member_envelope(member, visitor, "reply")),
        (visitor.token, office.visitor_envelope(visitor, "second")),
        (colleague.token, office.member_envelope(colleague, visitor, "a colleague's reply")),
    ]:
        assert office.client.post(base, json=env.to_json(), headers=bearer(token)).status_code == 201
    listing = json_of(office.client.get(f"{base}?after=0", headers=bearer(member.token)))
    seqs = [int(listing["cursor"]) - n for n in (3, 2, 1, 0)]  # (this case's items are the only ones)
    mine = _listed(office, member)[visitor.case_id]
    assert mine["items"] == 4
    assert mine["from_others"] == [seqs[3], seqs[2], seqs[0]]
    assert _listed(office, colleague)[visitor.case_id]["from_others"] == [seqs[2], seqs[1], seqs[0]]
