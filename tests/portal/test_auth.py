"""Signing in and out: challenges are single use and short-lived, tokens end, failures look alike."""

import pyotp
from nacl.signing import SigningKey

from crypto.auth import sign_challenge
from crypto.encoding import b64u_decode, b64u_encode
from crypto.keys import keys_from_seed
from crypto.member import password_keys
from tests.factories import FAST_KDF, Member, Office, Visitor, bearer, invite


def _member_attempt(
    office: Office, member: Member, *, password: str | None = None, totp: str | None = None
) -> tuple[int, object]:
    ch = office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": member.username}).json
    assert ch is not None
    keys = password_keys(password or member.password, b64u_decode(ch["salt"]), FAST_KDF, enforce_floor=False)
    sig = sign_challenge(keys.auth_seed, office.office_id, b64u_decode(ch["challenge"]))
    body = {
        "role": "member",
        "username": member.username,
        "challenge": ch["challenge"],
        "sig": b64u_encode(sig),
        "totp": totp or pyotp.TOTP(member.totp_secret).at(office.clock.now()),
    }
    answer = office.client.post("/api/v1/auth/session", json=body)
    return answer.status_code, answer.json


def test_replayed_challenge_is_refused(office: Office, visitor: Visitor) -> None:
    body = office.visitor_challenge(visitor)
    assert office.client.post("/api/v1/auth/session", json=body).status_code == 200
    again = office.client.post("/api/v1/auth/session", json=body)
    assert again.status_code == 401


def test_expired_challenge_is_refused(office: Office, visitor: Visitor) -> None:
    body = office.visitor_challenge(visitor)
    office.clock.advance(121)
    assert office.client.post("/api/v1/auth/session", json=body).status_code == 401


def test_unknown_key_and_wrong_signature_answer_alike(office: Office, visitor: Visitor) -> None:
    stranger = keys_from_seed(SigningKey.generate().encode() + bytes(32))
    unknown = office.visitor_challenge(type(visitor)(stranger))
    wrong_sig = office.visitor_challenge(visitor)
    wrong_sig["sig"] = unknown["sig"]
    a = office.client.post("/api/v1/auth/session", json=unknown)
    b = office.client.post("/api/v1/auth/session", json=wrong_sig)
    assert (a.status_code, a.json) == (b.status_code, b.json)
    assert a.status_code == 401


def test_member_failures_answer_alike_and_totp_is_single_use(office: Office, member: Member) -> None:
    office.clock.advance(30)
    wrong_password = _member_attempt(office, member, password="not the password")
    wrong_code = _member_attempt(
        office, member, totp="000000" if pyotp.TOTP(member.totp_secret).at(office.clock.now()) != "000000" else "111111"
    )
    assert wrong_password == wrong_code
    assert wrong_password[0] == 401
    ok = _member_attempt(office, member)
    assert ok[0] == 200
    assert _member_attempt(office, member) == wrong_password  # the same code again


def test_unknown_username_gets_a_stable_decoy_salt(office: Office) -> None:
    def salt(name: str) -> tuple[str, object]:
        ch = office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": name}).json
        assert ch is not None
        return ch["salt"], ch["kdf"]

    assert salt("mallory") == salt("mallory")
    assert salt("mallory")[0] != salt("trudy")[0]
    assert salt("mallory")[1] == salt("alice")[1]
    assert len(b64u_decode(salt("mallory")[0])) == 16


def test_signed_out_token_is_refused(office: Office, visitor: Visitor) -> None:
    url = f"/api/v1/cases/{visitor.case_id}"
    assert office.client.get(url, headers=bearer(visitor.token)).status_code == 200
    out = office.client.delete("/api/v1/auth/session", headers=bearer(visitor.token))
    assert out.status_code == 200
    assert out.headers["Clear-Site-Data"] == '"cache", "storage"'
    answer = office.client.get(url, headers=bearer(visitor.token))
    assert answer.status_code == 401
    assert answer.json is not None
    assert answer.json["error"]["code"] == "session_ended"


def test_idle_and_absolute_timeouts_end_a_session(office: Office, visitor: Visitor) -> None:
    url = f"/api/v1/cases/{visitor.case_id}"
    settings = office.app.extensions["sottovoce"]["deps"].settings
    office.clock.advance(settings.auth_idle_minutes * 60 - 1)
    assert office.client.get(url, headers=bearer(visitor.token)).status_code == 200
    office.clock.advance(settings.auth_idle_minutes * 60)
    assert office.client.get(url, headers=bearer(visitor.token)).status_code == 401

    office.sign_in_visitor(visitor)
    for _ in range(settings.auth_absolute_hours * 60 // 20):
        office.clock.advance(20 * 60)
        office.client.get(url, headers=bearer(visitor.token))
    assert office.client.get(url, headers=bearer(visitor.token)).status_code == 401


def test_missing_or_garbled_tokens_are_refused(office: Office, visitor: Visitor) -> None:
    url = f"/api/v1/cases/{visitor.case_id}"
    for headers in ({}, {"Authorization": "Basic abc"}, bearer("x" * 43), bearer("ü")):
        answer = office.client.get(url, headers=headers)
        assert answer.status_code == 401
        assert answer.json is not None
        assert set(answer.json["error"]) == {"code", "message"}


def test_another_visitor_gets_404_on_every_path_of_a_case(office: Office, member: Member, visitor: Visitor) -> None:
    env = office.visitor_envelope(visitor)
    base = f"/api/v1/cases/{visitor.case_id}"
    office.client.post(f"{base}/messages", json=env.to_json(), headers=bearer(visitor.token))
    other = office.open_case()
    h = bearer(other.token)
    answers = [
        office.client.get(base, headers=h),
        office.client.get(f"{base}/messages", headers=h),
        office.client.post(f"{base}/messages", json=office.visitor_envelope(other).to_json(), headers=h),
        office.client.post(f"{base}/messages/{env.id}/open", headers=h),
        office.client.get(f"{base}/messages/{env.id}/views", headers=h),
        office.client.delete(base, headers=h),
    ]
    nonexistent = office.client.get("/api/v1/cases/c_doesnotexist0000", headers=h)
    for answer in answers:
        assert (answer.status_code, answer.json) == (nonexistent.status_code, nonexistent.json)
    assert nonexistent.status_code == 404
    assert office.client.get("/api/v1/cases", headers=h).status_code == 403
    assert office.client.get(base, headers=bearer(member.token)).status_code == 200


def test_sign_in_is_rate_limited_per_username(office: Office, member: Member) -> None:
    eve = office.enrol("eve")
    statuses = [_member_attempt(office, eve, password="wrong")[0] for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    # Another username is not held back by eve's window.
    assert _member_attempt(office, member, password="wrong")[0] == 401


def test_invitation_is_single_use_and_wrong_codes_change_nothing(office: Office) -> None:
    token = invite(office.app)
    start = office.client.post("/api/v1/enrol/start", json={"token": token}).json
    assert start is not None
    assert start["first"] is False
    body = {
        "token": token,
        "member_id": start["member_id"],
        "username": "dora",
        "display_name": "Dora",
        "salt": b64u_encode(bytes(16)),
        "auth_pk": b64u_encode(bytes(32)),
        "sign_pk": b64u_encode(bytes(range(32))),
        "box_pk": b64u_encode(bytes(32)),
        "bundle": {"nonce": b64u_encode(bytes(24)), "ciphertext": b64u_encode(bytes(120))},
        "totp": "000000" if pyotp.TOTP(start["totp_secret"]).at(office.clock.now()) != "000000" else "111111",
    }
    wrong = office.client.post("/api/v1/enrol/finish", json=body)
    assert wrong.status_code == 400
    body["totp"] = pyotp.TOTP(start["totp_secret"]).at(office.clock.now())
    body["office_key"] = {"box_pk": b64u_encode(bytes(32)), "grant": b64u_encode(bytes(80))}
    assert (
        office.client.post("/api/v1/enrol/finish", json=body).status_code == 400
    )  # only the first member makes the key
    del body["office_key"]
    assert office.client.post("/api/v1/enrol/finish", json=body).status_code == 201
    again = office.client.post("/api/v1/enrol/start", json={"token": token})
    assert again.status_code == 404
    assert office.client.post("/api/v1/enrol/finish", json=body).status_code == 404
