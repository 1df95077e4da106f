"""Limits a flood cannot turn against real users: each flood measured on the portal before these
limits (issue 15), and what a real visitor or member still gets through it."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from crypto.encoding import b64u_decode, b64u_encode
from crypto.keys import keys_from_seed
from crypto.pow import pow_ok, solve_pow
from tests.conftest import office_on_engine
from tests.factories import Office, json_of

SMALL = {"rate_limits_cases_global": 3}


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
