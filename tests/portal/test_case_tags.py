"""Case tag records: a member stores a case's IOA categories sealed to the office key alone
(the server never sees a tag); members list them all; a new record may replace an older one, so
each case keeps one; records outlive their case; bad input changes nothing."""

from typing import Any

from crypto.case_tags import CaseTags, open_tags, quarter_of, seal_tags
from crypto.envelope import seal_envelope
from tests.factories import Member, Office, Visitor, bearer, json_of

URL = "/api/v1/office/case-tags"


def tags_of(office: Office, visitor: Visitor, *codes: str) -> CaseTags:
    return CaseTags(visitor.case_id, quarter_of(office.clock.now()), codes)


def sealed(office: Office, member: Member, tags: CaseTags) -> Any:
    return seal_tags(
        tags,
        office_id=office.office_id,
        sign_seed=member.sign_seed,
        office_box_pk=office.office_pk,
        sent_at=office.clock.now(),
    ).to_json()


def listed(office: Office, member: Member) -> list[Any]:
    items: list[Any] = json_of(office.client.get(URL, headers=bearer(member.token)))["items"]
    return items


def test_a_case_s_tags_are_stored_sealed_replaced_and_kept_after_the_case(
    office: Office, member: Member, visitor: Visitor
) -> None:
    first = sealed(office, member, tags_of(office, visitor, "2", "2.h"))
    answer = office.client.post(URL, json={"envelope": first}, headers=bearer(member.token))
    assert answer.status_code == 201, answer.json
    record = json_of(answer)
    assert (record["envelope"], record["recorded_by"]) == (first, member.member_id)

    # The member changes them: the new record replaces the old, in one step
    second_tags = tags_of(office, visitor, "5", "5.c")
    second = sealed(office, member, second_tags)
    answer = office.client.post(URL, json={"envelope": second, "replaces": record["id"]}, headers=bearer(member.token))
    assert answer.status_code == 201, answer.json
    [current] = listed(office, member)
    assert current["envelope"] == second
    opened = open_tags(
        current["envelope"], office_id=office.office_id, office_box_sk=office.office_sk, senders={member.sign_pk}
    )
    assert opened == second_tags

    # The case goes; its tags stay for the office's reports
    assert office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token)).status_code == 200
    assert [r["envelope"] for r in listed(office, member)] == [second]


def test_bad_input_is_refused_with_its_status_and_changes_nothing(
    office: Office, member: Member, visitor: Visitor
) -> None:
    kept = sealed(office, member, tags_of(office, visitor, "3"))
    assert office.client.post(URL, json={"envelope": kept}, headers=bearer(member.token)).status_code == 201
    kept_id = listed(office, member)[0]["id"]
    good = sealed(office, member, tags_of(office, visitor, "4"))

    def envelope(**extra: Any) -> Any:
        fields: dict[str, Any] = {
            "case": office.office_id,
            "kind": "tags",
            "sender_seed": member.sign_seed,
            "recipient_box_pks": [office.office_pk],
            "sent_at": office.clock.now(),
        }
        payload = {
            "format": "case-tags",
            "body": "",
            "tags": {"case": visitor.case_id, "quarter": "2026-Q1", "codes": []},
        }
        return seal_envelope(payload, **(fields | extra)).to_json()

    for body, status, code in [
        ({"envelope": envelope(recipient_box_pks=[office.office_pk, visitor.keys.box_pk])}, 400, "bad_recipients"),
        ({"envelope": envelope(kind="message")}, 400, "kind_not_allowed"),
        ({"envelope": envelope(case=visitor.case_id)}, 400, "wrong_case"),
        ({"envelope": envelope(sender_seed=visitor.keys.sign_seed)}, 400, "wrong_sender"),
        ({"envelope": {"header": "x"}}, 400, "invalid_envelope"),
        ({"envelope": good, "replaces": 7}, 400, "invalid_field"),
        ({"envelope": good, "extra": 1}, 400, "invalid_field"),
        ({}, 400, "invalid_field"),
        ({"envelope": good, "replaces": "no-such-record"}, 404, "tag_record_not_found"),
        ({"envelope": kept, "replaces": kept_id}, 409, "id_in_use"),
    ]:
        answer = office.client.post(URL, json=body, headers=bearer(member.token))
        assert answer.status_code == status, (code, answer.json)
        assert json_of(answer)["error"]["code"] == code
    assert office.client.post(URL, data="not json", headers=bearer(member.token)).status_code == 400
    # Nothing changed: the one record is still there, and still the only one
    assert [r["id"] for r in listed(office, member)] == [kept_id]


def test_only_members_list_or_add_tag_records(office: Office, member: Member, visitor: Visitor) -> None:
    body = {"envelope": sealed(office, member, tags_of(office, visitor, "1"))}
    assert office.client.post(URL, json=body, headers=bearer(visitor.token)).status_code == 403
    assert office.client.get(URL, headers=bearer(visitor.token)).status_code == 403
    assert office.client.get(URL).status_code == 401
    assert listed(office, member) == []
