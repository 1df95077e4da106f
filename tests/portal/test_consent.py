"""Consent to disclose through the API (docs/protocol/v2.md section 13): a member's
consent-request and the visitor's consent-answer travel as sealed items of the case, each side
sending only its own kind, kept as long as the case; the office then holds the visitor's signed
answer bound to the exact request, which crypto/consent.py verifies from what the server returns."""

from typing import Any

import pytest

from crypto.consent import (
    ANSWER_KIND,
    REQUEST_KIND,
    ConsentAnswer,
    ConsentRequest,
    consent_digest,
    consent_state,
    verify_answer,
)
from crypto.envelope import Envelope, seal_envelope
from crypto.errors import ConsentError
from tests.factories import Member, Office, Visitor, bearer, json_of

DAY = 86400


def _post(office: Office, token: str, case_id: str, env: Envelope) -> Any:
    return office.client.post(f"/api/v1/cases/{case_id}/messages", json=env.to_json(), headers=bearer(token))


def _sealed(
    office: Office, seed: bytes, visitor: Visitor, kind: str, payload: dict[str, Any], **extra: Any
) -> Envelope:
    fields: dict[str, Any] = {
        "case": visitor.case_id,
        "kind": kind,
        "sender_seed": seed,
        "recipient_box_pks": [office.office_pk, visitor.keys.box_pk],
        "sent_at": office.clock.now(),
        **extra,
    }
    return seal_envelope(payload, **fields)


def _request(office: Office, member: Member, visitor: Visitor, **extra: Any) -> Envelope:
    words = ConsentRequest(
        "Safety rules are skipped on the night shift.", "Senior group leader", False, office.clock.now() + 30 * DAY
    )
    return _sealed(office, member.sign_seed, visitor, REQUEST_KIND, words.payload(), **extra)


def _answer(office: Office, visitor: Visitor, request: Envelope, decision: str, **extra: Any) -> Envelope:
    payload = ConsentAnswer(request.id, consent_digest(request), decision).payload()  # type: ignore[arg-type]
    return _sealed(office, visitor.keys.sign_seed, visitor, ANSWER_KIND, payload, **extra)


def _opened(office: Office, token: str, case_id: str, item_id: str) -> dict[str, Any]:
    answer = office.client.post(f"/api/v1/cases/{case_id}/messages/{item_id}/open", headers=bearer(token))
    assert answer.status_code == 200, answer.json
    envelope: dict[str, Any] = json_of(answer)["envelope"]
    return envelope


def test_a_member_asks_the_visitor_accepts_then_withdraws_and_the_office_can_prove_it(
    office: Office, member: Member, visitor: Visitor
) -> None:
    request = _request(office, member, visitor)
    assert _post(office, member.token, visitor.case_id, request).status_code == 201
    accept = _answer(office, visitor, request, "accept")
    assert _post(office, visitor.token, visitor.case_id, accept).status_code == 201
    office.clock.advance(600)  # (within a session's idle limit)
    withdraw = _answer(office, visitor, request, "withdraw")
    assert _post(office, visitor.token, visitor.case_id, withdraw).status_code == 201

    # Both sides list the three items under their kinds, in order
    for token in (member.token, visitor.token):
        listing = json_of(office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(token)))
        assert [(i["kind"], i["from"]) for i in listing["items"]] == [
            (REQUEST_KIND, member.member_id),
            (ANSWER_KIND, "visitor"),
            (ANSWER_KIND, "visitor"),
        ]

    # The office verifies, from what the server returns, what was agreed and when it was withdrawn
    stored_request = _opened(office, member.token, visitor.case_id, request.id)
    decisions = []
    for answer in (accept, withdraw):
        verified = verify_answer(
            stored_request,
            _opened(office, member.token, visitor.case_id, answer.id),
            visitor.keys.sign_pk,
            box_sk=office.office_sk,
            member_sign_pks={member.sign_pk},
        )
        assert verified.request.with_ == "Senior group leader"
        assert not verified.request.named
        decisions.append((verified.decision, verified.answered_at))
    state = consent_state(verified.request, decisions, office.clock.now())
    assert (state.state, state.at) == ("withdrawn", office.clock.now())


def test_each_side_sends_only_its_own_kind(office: Office, member: Member, visitor: Visitor) -> None:
    request = _request(office, member, visitor)
    assert _post(office, member.token, visitor.case_id, request).status_code == 201
    # A visitor may not ask for consent, nor a member answer in the visitor's place
    by_visitor = _sealed(office, visitor.keys.sign_seed, visitor, REQUEST_KIND, {"format": REQUEST_KIND, "body": "x"})
    refused = _post(office, visitor.token, visitor.case_id, by_visitor)
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "kind_not_allowed"
    by_member = _sealed(
        office,
        member.sign_seed,
        visitor,
        ANSWER_KIND,
        ConsentAnswer(request.id, consent_digest(request), "accept").payload(),
    )
    refused = _post(office, member.token, visitor.case_id, by_member)
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "kind_not_allowed"
    # Nothing was stored of either
    listing = json_of(office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(member.token)))
    assert [i["id"] for i in listing["items"]] == [request.id]


@pytest.mark.parametrize("extra", [{"ttl": DAY}, {"view_once": True}])
def test_consent_items_last_as_long_as_the_case(
    office: Office, member: Member, visitor: Visitor, extra: dict[str, Any]
) -> None:
    request = _request(office, member, visitor, **extra)
    refused = _post(office, member.token, visitor.case_id, request)
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "consent_must_last"
    good = _request(office, member, visitor)
    assert _post(office, member.token, visitor.case_id, good).status_code == 201
    refused = _post(office, visitor.token, visitor.case_id, _answer(office, visitor, good, "accept", **extra))
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "consent_must_last"
    listing = json_of(office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(member.token)))
    assert [i["id"] for i in listing["items"]] == [good.id]


def test_consent_items_go_to_the_office_and_the_visitor_only(office: Office, member: Member, visitor: Visitor) -> None:
    payload = ConsentRequest("words", "HR", True, office.clock.now() + DAY).payload()
    office_only = _sealed(
        office, member.sign_seed, visitor, REQUEST_KIND, payload, recipient_box_pks=[office.office_pk]
    )
    refused = _post(office, member.token, visitor.case_id, office_only)
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "bad_recipients"


def test_an_answer_the_server_swapped_onto_another_request_does_not_verify(
    office: Office, member: Member, visitor: Visitor
) -> None:
    first, second = _request(office, member, visitor), _request(office, member, visitor)
    for env in (first, second):
        assert _post(office, member.token, visitor.case_id, env).status_code == 201
    accept = _answer(office, visitor, first, "accept")
    assert _post(office, visitor.token, visitor.case_id, accept).status_code == 201
    answer = _opened(office, member.token, visitor.case_id, accept.id)
    with pytest.raises(ConsentError):
        verify_answer(
            _opened(office, member.token, visitor.case_id, second.id),
            answer,
            visitor.keys.sign_pk,
            box_sk=office.office_sk,
            member_sign_pks={member.sign_pk},
        )
