"""Limits a flood cannot turn against real users: each flood measured on the portal before these
limits (issue 15), and what a real visitor or member still gets through it."""

import os
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from nacl.signing import SigningKey

from crypto.auth import sign_challenge
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Envelope
from crypto.keys import keys_from_seed
from crypto.member import password_keys
from crypto.pow import pow_ok, solve_pow
from tests.conftest import office_on_engine
from tests.factories import FAST_KDF, Member, Office, Visitor, bearer, json_of

SMALL = {
    "rate_limits_cases_global": 3,
    "rate_limits_signin_visitors_global": 5,
    "rate_limits_signin_members_global": 5,
}
QUOTAS = {"quotas_case_items": 3, "quotas_case_bytes": 1024, "quotas_case_posts": 2}


@pytest.fixture(params=["sqlite", "postgresql"])
def quota_office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """An office whose cases hold 3 items and 1 KiB, and take 2 posts a minute from each sender."""
    for office in office_on_engine(request, tmp_path, **QUOTAS):
        office.sign_in_member(office.enrol("alice"))
        yield office


@pytest.fixture(params=["sqlite", "postgresql"])
def small_office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """An office whose limits are small enough to reach in a test."""
    for office in office_on_engine(request, tmp_path, **SMALL):
        office.sign_in_member(office.enrol("alice"))
        yield office


def _new_case_body(challenge: str, nonce: int) -> dict[str, object]:
    keys = keys_from_seed(SigningKey.generate().encode() + bytes(32))
    return {
        "sign_pk": b64u_encode(keys.sign_pk),
        "box_pk": b64u_encode(keys.box_pk),
        "pow": {"challenge": challenge, "nonce": nonce},
    }


def _wrong_nonce(challenge: str, difficulty: int) -> int:
    nonce = int.from_bytes(os.urandom(8), "little")
    while pow_ok(b64u_decode(challenge), difficulty, nonce):
        nonce += 1
    return nonce


def test_unsolved_puzzles_do_not_use_up_new_cases(office: Office) -> None:
    for i in range(130):
        if i % 2:
            challenge = b64u_encode(os.urandom(16))  # a puzzle never issued
            nonce = int.from_bytes(os.urandom(8), "little")
        else:
            issued = json_of(office.client.post("/api/v1/pow"))
            challenge, nonce = issued["challenge"], _wrong_nonce(issued["challenge"], issued["difficulty"])
        refused = office.client.post("/api/v1/cases", json=_new_case_body(challenge, nonce))
        assert refused.status_code == 400, refused.json
        assert json_of(refused)["error"]["code"] == "pow_invalid"
    # A visitor who solves a real puzzle is not held back by any of them.
    office.open_case()


def test_solved_puzzles_are_still_counted_and_one_solution_opens_one_case(small_office: Office) -> None:
    office = small_office
    for _ in range(3):
        office.open_case()
    issued = json_of(office.client.post("/api/v1/pow"))
    nonce = solve_pow(b64u_decode(issued["challenge"]), issued["difficulty"])
    over = office.client.post("/api/v1/cases", json=_new_case_body(issued["challenge"], nonce))
    assert over.status_code == 429, over.json
    # The solution was spent on the refused attempt: it cannot be replayed to count again.
    office.clock.advance(60)
    again = office.client.post("/api/v1/cases", json=_new_case_body(issued["challenge"], nonce))
    assert json_of(again)["error"]["code"] == "pow_invalid"
    office.open_case()  # a new window, a new puzzle


def _bogus_visitor_sign_in(office: Office) -> int:
    """A sign-in by a key no case has, with a signature that does not verify."""
    sign_pk = b64u_encode(os.urandom(32))
    ch = json_of(office.client.post("/api/v1/auth/challenge", json={"role": "visitor", "sign_pk": sign_pk}))
    body = {"role": "visitor", "sign_pk": sign_pk, "challenge": ch["challenge"], "sig": b64u_encode(os.urandom(64))}
    return office.client.post("/api/v1/auth/session", json=body).status_code


def _member_sign_in(office: Office, username: str, *, password: str | None = None, totp: str | None = None) -> int:
    """A member's sign-in: with ``password``, signed by the key it derives (else by no one's key),
    and ``totp`` (else "000000")."""
    ch = json_of(office.client.post("/api/v1/auth/challenge", json={"role": "member", "username": username}))
    challenge = b64u_decode(ch["challenge"])
    if password is None:
        sig = os.urandom(64)
    else:
        keys = password_keys(password, b64u_decode(ch["salt"]), FAST_KDF, enforce_floor=False)
        sig = sign_challenge(keys.auth_seed, office.office_id, challenge)
    body = {
        "role": "member",
        "username": username,
        "challenge": ch["challenge"],
        "sig": b64u_encode(sig),
        "totp": totp or "000000",
    }
    return office.client.post("/api/v1/auth/session", json=body).status_code


def _code(office: Office, member: Member) -> str:
    office.clock.advance(30)  # a code works once: a new step, a new code
    return pyotp.TOTP(member.totp_secret).at(office.clock.now())


def _wrong_code(office: Office, member: Member) -> str:
    totp, now = pyotp.TOTP(member.totp_secret), office.clock.now()
    valid = {totp.at(now + d) for d in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def _new_window(office: Office, seconds: int) -> None:
    """Move the test's clock to the start of a window, so that no window ends during the test."""
    office.clock.advance(seconds - office.clock.now() % seconds)


def test_a_flood_of_visitor_sign_ins_does_not_keep_members_out(office: Office, member: Member) -> None:
    _new_window(office, 900)
    statuses = [_bogus_visitor_sign_in(office) for _ in range(620)]
    assert statuses[:600] == [401] * 600
    assert set(statuses[600:]) == {429}
    assert _member_sign_in(office, member.username, password=member.password, totp=_code(office, member)) == 200
    # Visitors themselves: the flood's own attempts stay refused, a real visitor still signs in.
    assert _bogus_visitor_sign_in(office) == 429
    office.sign_in_visitor(office.open_case())


def test_a_flood_of_member_sign_ins_does_not_keep_visitors_out(small_office: Office) -> None:
    office = small_office
    _new_window(office, 900)
    statuses = [_member_sign_in(office, f"nobody{i}") for i in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    office.sign_in_visitor(office.open_case())
    # And the members' own limit counts failures only: the right password and code still get in.
    alice = office.members[0]
    assert _member_sign_in(office, alice.username, password=alice.password, totp=_code(office, alice)) == 200


def test_a_flood_on_a_username_does_not_lock_its_owner_out(office: Office) -> None:
    eve = office.enrol("eve")
    _new_window(office, 900)
    flood = [_member_sign_in(office, "eve") for _ in range(30)]
    assert flood == [401] * 10 + [429] * 20
    assert _member_sign_in(office, "eve", password=eve.password, totp=_code(office, eve)) == 200
    assert [_member_sign_in(office, "eve") for _ in range(5)] == [429] * 5
    # Past the limit, the right password with a wrong code is answered as any wrong guess is,
    # so guesses made then tell nothing of the password.
    assert _member_sign_in(office, "eve", password=eve.password, totp=_wrong_code(office, eve)) == 429
    # A valid code that comes with a wrong password is spent: it cannot be tried again.
    watched = _code(office, eve)
    assert _member_sign_in(office, "eve", password="a guess", totp=watched) == 429
    assert _member_sign_in(office, "eve", password=eve.password, totp=watched) == 429
    assert _member_sign_in(office, "eve", password=eve.password, totp=_code(office, eve)) == 200
    # The next window: wrong passwords count from nothing again.
    office.clock.advance(900)
    assert _member_sign_in(office, "eve") == 401


def test_wrong_codes_after_the_right_password_are_limited_per_member(office: Office) -> None:
    eve = office.enrol("eve")
    _new_window(office, 3600)
    wrong = [_member_sign_in(office, "eve", password=eve.password, totp=_wrong_code(office, eve)) for _ in range(6)]
    # Past the limit a wrong code is answered as a wrong password is: the limit does not show
    # whoever reached it that the password was right.
    assert wrong == [401] * 6
    # Only someone with the password gets here: past this limit even the right code waits for
    # the window, and only the right code is told so.
    assert _member_sign_in(office, "eve", password=eve.password, totp=_code(office, eve)) == 429
    office.clock.advance(3600)
    assert _member_sign_in(office, "eve", password=eve.password, totp=_code(office, eve)) == 200
    # Wrong codes did not count against the password: a wrong password is still a plain failure.
    assert _member_sign_in(office, "eve") == 401


def _post(office: Office, token: str, case_id: str, env: Envelope) -> tuple[int, dict[str, object]]:
    answer = office.client.post(f"/api/v1/cases/{case_id}/messages", json=env.to_json(), headers=bearer(token))
    return answer.status_code, json_of(answer)


def _stored(office: Office, visitor: Visitor) -> int:
    listed = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(office.members[0].token))
    return len(json_of(listed)["items"])


def _later_post(office: Office, visitor: Visitor, body: str = "hello office") -> tuple[int, dict[str, object]]:
    """The visitor posts a minute after the last post (the quotas, not the pace, are tested)."""
    office.clock.advance(60)
    return _post(office, visitor.token, visitor.case_id, office.visitor_envelope(visitor, body))


def test_a_case_holds_as_many_items_as_its_quota(quota_office: Office) -> None:
    office = quota_office
    visitor, alice = office.open_case(), office.members[0]
    assert [_later_post(office, visitor)[0] for _ in range(3)] == [201] * 3
    status, answer = _later_post(office, visitor)
    assert status == 429
    error = answer["error"]
    assert isinstance(error, dict)
    assert error["code"] == "case_full"
    assert "limit of 3 messages" in error["message"]
    assert "start a new case" in error["message"]
    office.clock.advance(60)
    reply = office.member_envelope(alice, visitor, "our answer")
    status, answer = _post(office, alice.token, visitor.case_id, reply)
    assert (status, answer["error"]["code"]) == (429, "case_full")  # type: ignore[index]
    assert _stored(office, visitor) == 3


def test_a_case_holds_as_many_bytes_as_its_quota(quota_office: Office) -> None:
    office = quota_office
    visitor = office.open_case()
    assert _later_post(office, visitor)[0] == 201  # 256 bytes once padded
    status, answer = _later_post(office, visitor, "x" * 900)  # 1 KiB once padded: 1280 in all
    assert status == 413
    error = answer["error"]
    assert isinstance(error, dict)
    assert error["code"] == "case_too_large"
    assert "storage limit of 1 KB" in error["message"]
    assert _stored(office, visitor) == 1
    assert _later_post(office, visitor)[0] == 201  # a small one still fits


def test_a_sender_posting_too_fast_to_a_case_waits(quota_office: Office) -> None:
    office = quota_office
    visitor, alice = office.open_case(), office.members[0]
    _new_window(office, 60)

    def post() -> tuple[int, dict[str, object]]:
        return _post(office, visitor.token, visitor.case_id, office.visitor_envelope(visitor))

    assert [post()[0] for _ in range(2)] == [201, 201]
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages",
        json=office.visitor_envelope(visitor).to_json(),
        headers=bearer(visitor.token),
    )
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "60"
    error = json_of(answer)["error"]
    assert error["code"] == "posting_too_fast"
    assert "Wait 60 seconds" in error["message"]
    assert _stored(office, visitor) == 2
    # The office's reply is not held back by the visitor's pace (and it fills the case's 3 items)…
    reply = office.member_envelope(alice, visitor, "our answer")
    assert _post(office, alice.token, visitor.case_id, reply)[0] == 201
    # …nor the visitor after the minute: what refuses them then is the case's quota, not the pace.
    office.clock.advance(60)
    status, later = post()
    assert (status, later["error"]["code"]) == (429, "case_full")  # type: ignore[index]
