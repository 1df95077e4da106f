"""The exceptions register: a member records a decision to lift confidentiality (imminent risk of
serious harm) sealed to the office key alone; every member can list the register; nothing in it
is readable by the server, and nothing is edited or deleted through the API."""

from typing import Any

from crypto.envelope import open_envelope, seal_envelope
from tests.factories import Member, Office, Visitor, bearer, json_of

URL = "/api/v1/office/exceptions"
REASON = "She described a plan to harm herself tonight; I called the employee assistance line."


def record(
    office: Office, member: Member, visitor: Visitor, recipients: list[bytes] | None = None, **extra: Any
) -> Any:
    payload = {"format": "exception", "body": REASON, "case": visitor.case_id, "disclosed_to": "EAP", "decided_at": 1}
    fields: dict[str, Any] = {
        "case": office.office_id,
        "kind": "exception",
        "sender_seed": member.sign_seed,
        "recipient_box_pks": recipients or [office.office_pk],
        "sent_at": office.clock.now(),
    }
    fields.update(extra)
    return seal_envelope(payload, **fields).to_json()


def test_a_recorded_exception_is_listed_sealed_to_the_office_and_kept_after_its_case(
    office: Office, member: Member, visitor: Visitor
) -> None:
    sealed = record(office, member, visitor)
    answer = office.client.post(URL, json=sealed, headers=bearer(member.token))
    assert answer.status_code == 201, answer.json
    listed = json_of(office.client.get(URL, headers=bearer(member.token)))["items"]
    assert [(r["envelope"], r["recorded_by"]) for r in listed] == [(sealed, member.member_id)]
    opened = open_envelope(listed[0]["envelope"], office.office_sk, {member.sign_pk}, office.office_id)
    assert opened.payload["body"] == REASON
    assert opened.payload["case"] == visitor.case_id

    # The case goes; the office's record of its decision stays
    case = f"/api/v1/cases/{visitor.case_id}"
    assert office.client.delete(case, headers=bearer(member.token)).status_code == 200
    assert len(json_of(office.client.get(URL, headers=bearer(member.token)))["items"]) == 1

    # The same id again is refused; nothing edits or deletes a record
    again = office.client.post(URL, json=sealed, headers=bearer(member.token))
    assert again.status_code == 409
    assert office.client.delete(f"{URL}/{listed[0]['id']}", headers=bearer(member.token)).status_code in (404, 405)


def test_a_record_not_sealed_to_the_office_alone_or_not_by_a_member_is_refused(
    office: Office, member: Member, visitor: Visitor
) -> None:
    for bad, code in [
        (record(office, member, visitor, recipients=[office.office_pk, visitor.keys.box_pk]), "bad_recipients"),
        (record(office, member, visitor, kind="note"), "kind_not_allowed"),
        (record(office, member, visitor, case=visitor.case_id), "wrong_case"),
        (record(office, member, visitor, sender_seed=visitor.keys.sign_seed), "wrong_sender"),
        ({"header": "x"}, "invalid_envelope"),
    ]:
        answer = office.client.post(URL, json=bad, headers=bearer(member.token))
        assert answer.status_code == 400, (code, answer.json)
        assert json_of(answer)["error"]["code"] == code
    assert (
        office.client.post(URL, json=record(office, member, visitor), headers=bearer(visitor.token)).status_code == 403
    )
    assert office.client.get(URL, headers=bearer(visitor.token)).status_code == 403
    assert json_of(office.client.get(URL, headers=bearer(member.token)))["items"] == []
