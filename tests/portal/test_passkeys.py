"""Passkeys as a member's second factor: registered with a single-use challenge, then used instead
of the TOTP code at sign-in; refused from another origin, replayed, or unknown; removable; and,
when the office requires them, the only second factor of a member who has one."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyotp

from crypto.auth import sign_challenge
from crypto.encoding import b64u_decode, b64u_encode
from crypto.member import MemberBundle, password_keys
from crypto.passkey_unlock import unwrap_with_passkey, wrap_for_passkey
from tests.factories import FAST_KDF, Member, Office, app_deps, bearer, json_of, new_office
from tests.passkey_authenticator import SoftAuthenticator


def _authenticator(office: Office) -> SoftAuthenticator:
    s = app_deps(office.app).settings
    return SoftAuthenticator(s.public_origin, s.rp_id)


def _register(office: Office, member: Member, key: SoftAuthenticator, name: str = "Office key") -> Any:
    options = json_of(office.client.post("/api/v1/passkeys/options", headers=bearer(member.token)))
    challenge = b64u_decode(options["challenge"])
    assert options["options"]["challenge"] == options["challenge"]
    body = {"name": name, "credential": key.register(challenge), "challenge": options["challenge"]}
    return office.client.post("/api/v1/passkeys", json=body, headers=bearer(member.token))


def _sign_in(office: Office, member: Member, second: Callable[[bytes], dict[str, Any]]) -> Any:
    """The password's key signs the challenge; `second` adds the second factor to the request."""
    office.clock.advance(30)
    ch = json_of(office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": member.username}))
    keys = password_keys(member.password, b64u_decode(ch["salt"]), FAST_KDF, enforce_floor=False)
    sig = sign_challenge(keys.auth_seed, office.office_id, b64u_decode(ch["challenge"]))
    body = {"role": "member", "username": member.username, "challenge": ch["challenge"], "sig": b64u_encode(sig)}
    return office.client.post("/api/v1/auth/session", json={**body, **second(b64u_decode(ch["challenge"]))})


def test_a_passkey_registered_signs_in_instead_of_the_code(office: Office, member: Member) -> None:
    key = _authenticator(office)
    made = _register(office, member, key)
    assert made.status_code == 201, made.json
    listed = json_of(office.client.get("/api/v1/passkeys", headers=bearer(member.token)))
    assert [p["name"] for p in listed["items"]] == ["Office key"]
    answer = _sign_in(office, member, lambda challenge: {"passkey": key.answer(challenge)})
    assert answer.status_code == 200, answer.json
    assert json_of(answer)["member_id"] == member.member_id
    assert json_of(answer)["passkey_required"] is False


def test_an_assertion_from_another_origin_replayed_or_unknown_is_refused(office: Office, member: Member) -> None:
    key = _authenticator(office)
    assert _register(office, member, key).status_code == 201
    stranger = _authenticator(office)
    replay: dict[str, Any] = {}

    def once(challenge: bytes) -> dict[str, Any]:
        replay["assertion"] = key.answer(challenge)
        return {"passkey": replay["assertion"]}

    assert _sign_in(office, member, once).status_code == 200
    cases = [
        lambda c: {"passkey": key.answer(c, origin="https://look-alike.example")},
        lambda c: {"passkey": key.answer(c, rp_id="look-alike.example")},
        lambda c: {"passkey": stranger.answer(c)},
        lambda c: {"passkey": replay["assertion"]},  # signed over an earlier challenge
        lambda c: {"passkey": {"rawId": "!"}},
    ]
    for second in cases:
        refused = _sign_in(office, member, second)
        assert refused.status_code == 401, refused.json
        assert json_of(refused)["error"]["code"] == "sign_in_failed"


def test_a_registration_challenge_serves_once_and_is_this_members(office: Office, member: Member) -> None:
    key = _authenticator(office)
    options = json_of(office.client.post("/api/v1/passkeys/options", headers=bearer(member.token)))
    body = {
        "name": "Key",
        "credential": key.register(b64u_decode(options["challenge"])),
        "challenge": options["challenge"],
    }
    assert office.client.post("/api/v1/passkeys", json=body, headers=bearer(member.token)).status_code == 201
    again = office.client.post("/api/v1/passkeys", json=body, headers=bearer(member.token))
    assert json_of(again)["error"]["code"] == "passkey_refused"
    wrong_origin = SoftAuthenticator("https://look-alike.example", key.rp_id)
    options = json_of(office.client.post("/api/v1/passkeys/options", headers=bearer(member.token)))
    body = {
        "name": "Key 2",
        "credential": wrong_origin.register(b64u_decode(options["challenge"])),
        "challenge": options["challenge"],
    }
    assert json_of(office.client.post("/api/v1/passkeys", json=body, headers=bearer(member.token)))["error"][
        "code"
    ] == ("passkey_refused")
    assert len(json_of(office.client.get("/api/v1/passkeys", headers=bearer(member.token)))["items"]) == 1


def test_a_passkey_is_removed_by_its_owner_only(office: Office, member: Member) -> None:
    assert _register(office, member, _authenticator(office)).status_code == 201
    bob = office.enrol("bob")
    office.sign_in_member(bob)
    passkey_id = json_of(office.client.get("/api/v1/passkeys", headers=bearer(member.token)))["items"][0]["passkey_id"]
    assert office.client.delete(f"/api/v1/passkeys/{passkey_id}", headers=bearer(bob.token)).status_code == 404
    assert office.client.delete(f"/api/v1/passkeys/{passkey_id}", headers=bearer(member.token)).status_code == 200
    assert json_of(office.client.get("/api/v1/passkeys", headers=bearer(member.token)))["items"] == []


def test_when_the_office_requires_passkeys_the_code_no_longer_signs_in_a_member_who_has_one(tmp_path: Path) -> None:
    office = new_office(tmp_path / "instance", passkeys_required=True)
    alice = office.enrol("alice")
    first = office.sign_in_member(alice)
    assert first["passkey_required"] is True  # (the page leads her to register one)
    key = _authenticator(office)
    assert _register(office, alice, key).status_code == 201
    assert _sign_in(office, alice, lambda _: {"totp": "000000"}).status_code == 401
    code = _sign_in(office, alice, lambda _: {"totp": pyotp.TOTP(alice.totp_secret).at(office.clock.now())})
    assert code.status_code == 401  # a right code, refused: she has a passkey
    assert _sign_in(office, alice, lambda c: {"passkey": key.answer(c)}).status_code == 200
    passkey_id = json_of(office.client.get("/api/v1/passkeys", headers=bearer(alice.token)))["items"][0]["passkey_id"]
    last = office.client.delete(f"/api/v1/passkeys/{passkey_id}", headers=bearer(alice.token))
    assert json_of(last)["error"]["code"] == "last_passkey"
    office.app.extensions["sottovoce"]["engine"].dispose()


def test_a_passkey_that_unlocks_the_keys_stands_in_for_the_password_only_with_its_user_verified(
    office: Office, member: Member
) -> None:
    key = _authenticator(office)
    made = json_of(_register(office, member, key))
    bundle = MemberBundle(member.sign_seed, member.box_sk)
    prf_output = os.urandom(32)  # what the authenticator's PRF gives for the office and username

    def without_password(verified: bool = True) -> Any:
        office.clock.advance(30)
        ch = json_of(office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": member.username}))
        challenge = b64u_decode(ch["challenge"])
        body = {"role": "member", "username": member.username, "challenge": ch["challenge"], "unlock": True}
        return office.client.post(
            "/api/v1/auth/session", json={**body, "passkey": key.answer(challenge, verified=verified)}
        )

    assert without_password().status_code == 401  # not set up to unlock yet
    wrapped = wrap_for_passkey(bundle, prf_output, member.member_id)
    path = f"/api/v1/passkeys/{made['passkey_id']}/unlock"
    assert office.client.put(path, json={"wrapped": wrapped}, headers=bearer(member.token)).status_code == 200
    assert without_password(verified=False).status_code == 401  # no PIN or fingerprint: not enough alone
    answer = without_password()
    assert answer.status_code == 200, answer.json
    unlocked = unwrap_with_passkey(json_of(answer)["unlock"], prf_output, member.member_id)
    assert (unlocked.sign_seed, unlocked.box_sk) == (member.sign_seed, member.box_sk)
    assert office.client.delete(path, headers=bearer(member.token)).status_code == 200
    assert without_password().status_code == 401
