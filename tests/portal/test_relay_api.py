"""The core API end to end through the real protocol: enrol, open a case, write, read, reply."""

from crypto.encoding import b64u_decode
from crypto.envelope import open_envelope
from crypto.member import password_keys, unwrap_bundle
from crypto.office import open_grant
from tests.factories import FAST_KDF, Member, Office, Visitor, bearer


def test_office_describes_its_key_members_and_limits(office: Office) -> None:
    info = office.client.get("/api/v1/office").json
    assert info is not None
    assert info["office_id"] == office.office_id
    assert info["office_key"]["version"] == 1
    assert b64u_decode(info["office_key"]["box_pk"]) == office.office_pk
    assert len(info["office_key"]["fingerprint"].split(" ")) == 8
    assert [m["display_name"] for m in info["members"]] == ["Alice"]
    assert info["pow"]["difficulty"] > 0
    assert info["limits"]["max_padded_bytes"] >= 4096


def test_member_session_returns_bundle_and_grant_that_open(office: Office, member: Member) -> None:
    answer = office.sign_in_member(member)
    ch = office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": "alice"}).json
    assert ch is not None
    keys = password_keys(member.password, b64u_decode(ch["salt"]), FAST_KDF, enforce_floor=False)
    bundle = unwrap_bundle(answer["bundle"], keys.wrapping_key, member.member_id)
    assert bundle.sign_pk == member.sign_pk
    [grant] = answer["office_grants"]
    assert open_grant(grant["grant"], bundle.box_pk, bundle.box_sk) == office.office_sk


def test_visitor_writes_member_reads_and_replies(office: Office, member: Member, visitor: Visitor) -> None:
    env = office.visitor_envelope(visitor, "I need advice about my supervisor.")
    posted = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token)
    )
    assert posted.status_code == 201, posted.json
    assert posted.json == {"id": env.id, "received_at": office.clock.now(), "expires_at": None, "flagged": False}

    inbox = office.client.get("/api/v1/cases", headers=bearer(member.token)).json
    assert inbox is not None
    assert [c["case_id"] for c in inbox["items"]] == [visitor.case_id]

    listing = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(member.token)).json
    assert listing is not None
    [item] = listing["items"]
    assert item == {
        "id": env.id,
        "kind": "message",
        "from": "visitor",
        "received_at": office.clock.now(),
        "expires_at": None,
        "view_once": False,
        "size": 256,
        "spent_at": None,
        "flagged": False,
    }
    opened = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages/{env.id}/open", headers=bearer(member.token)
    ).json
    assert opened is not None
    plain = open_envelope(opened["envelope"], office.office_sk, {visitor.keys.sign_pk}, visitor.case_id)
    assert plain.payload["body"] == "I need advice about my supervisor."
    assert set(opened["view"]) == {"view_id", "code", "opened_at"}

    reply = office.member_envelope(member, visitor, "Let us talk on Tuesday.")
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=reply.to_json(), headers=bearer(member.token)
    )
    assert answer.status_code == 201

    listing = office.client.get(
        f"/api/v1/cases/{visitor.case_id}/messages?after={listing['cursor']}", headers=bearer(visitor.token)
    ).json
    assert listing is not None
    [item] = listing["items"]
    assert item["from"] == member.member_id
    reply_url = f"/api/v1/cases/{visitor.case_id}/messages/{reply.id}/open"
    refused = office.client.post(reply_url, headers=bearer(visitor.token))
    assert refused.status_code == 403  # the covenant comes before anything from the office
    assert refused.json is not None
    assert refused.json["error"]["code"] == "covenant_required"
    accepted = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/covenant", json={"version": 1}, headers=bearer(visitor.token)
    )
    assert accepted.status_code == 200
    assert accepted.json is not None
    assert accepted.json["covenant"]["accepted_version"] == 1
    opened = office.client.post(reply_url, headers=bearer(visitor.token)).json
    assert opened is not None
    plain = open_envelope(opened["envelope"], visitor.keys.box_sk, {member.sign_pk}, visitor.case_id)
    assert plain.payload["body"] == "Let us talk on Tuesday."

    views = office.client.get(
        f"/api/v1/cases/{visitor.case_id}/messages/{reply.id}/views", headers=bearer(member.token)
    ).json
    assert views is not None
    assert [v["by"] for v in views["items"]] == ["visitor"]


def test_retry_answers_200_with_the_same_body_and_reused_id_409(office: Office, visitor: Visitor) -> None:
    env = office.visitor_envelope(visitor)
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    first = office.client.post(url, json=env.to_json(), headers=bearer(visitor.token))
    office.clock.advance(5)
    again = office.client.post(url, json=env.to_json(), headers=bearer(visitor.token))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json == again.json
    other = office.visitor_envelope(visitor, "different", envelope_id=env.id)
    clash = office.client.post(url, json=other.to_json(), headers=bearer(visitor.token))
    assert clash.status_code == 409
    assert clash.json is not None
    assert clash.json["error"]["code"] == "id_in_use"


def test_member_grants_the_office_key_to_a_newcomer(office: Office, member: Member) -> None:
    bob = office.enrol("bob")
    answer = office.sign_in_member(bob)
    assert answer["office_grants"] == []
    pending = office.client.get("/api/v1/members/pending", headers=bearer(member.token)).json
    assert pending is not None
    assert [p["member_id"] for p in pending["items"]] == [bob.member_id]

    from crypto.office import seal_grant

    grant = seal_grant(office.office_sk, bob.box_pk)
    body = {"member_id": bob.member_id, "version": 1, "grant": grant}
    assert office.client.post("/api/v1/office/grants", json=body, headers=bearer(member.token)).status_code == 201
    assert office.client.post("/api/v1/office/grants", json=body, headers=bearer(member.token)).status_code == 409
    # A member without the key cannot hand it on.
    carol = office.enrol("carol")
    office.sign_in_member(carol)
    body = {"member_id": carol.member_id, "version": 1, "grant": grant}
    assert office.client.post("/api/v1/office/grants", json=body, headers=bearer(carol.token)).status_code == 403

    answer = office.sign_in_member(bob)
    [g] = answer["office_grants"]
    assert open_grant(g["grant"], bob.box_pk, bob.box_sk) == office.office_sk
    pending = office.client.get("/api/v1/members/pending", headers=bearer(member.token)).json
    assert pending is not None
    assert [p["member_id"] for p in pending["items"]] == [carol.member_id]


def test_visitor_destroys_the_case_and_everything_goes(office: Office, member: Member, visitor: Visitor) -> None:
    env = office.visitor_envelope(visitor)
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token))
    gone = office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token))
    assert gone.status_code == 200
    assert office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token)).status_code == 404
    # The visitor's token went with the case.
    assert office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token)).status_code == 401
