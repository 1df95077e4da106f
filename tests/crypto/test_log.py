"""The office log in Python: building, verifying entry by entry, senders, pins (the vectors in
docs/protocol/vectors/log.json cover the rest, in both languages)."""

import json

import pytest
from nacl.bindings import crypto_box_keypair

from crypto.encoding import b64u_encode
from crypto.errors import EnvelopeError, LogError
from crypto.log import make_entry, parse_entry
from crypto.log_state import verify_log
from crypto.make_log_vectors import ADA, BEA, CY, K2, T0, grown_log, migrated_log
from crypto.pin import Pin, check_pin, member_pin_case, open_pin, pin_of, seal_pin


def test_a_log_is_verified_from_genesis_and_says_who_is_current() -> None:
    state = verify_log([e.to_json() for e in grown_log()])
    assert [m.member_id for m in state.current_members()] == ["m_ada", "m_cy"]
    assert state.current_key.version == 3
    assert state.member("m_bea") is not None
    assert state.fingerprint == verify_log(grown_log()[:1]).fingerprint  # the genesis fixes it


def test_the_fingerprint_of_a_migrated_office_names_its_former_members() -> None:
    state = verify_log(migrated_log())
    assert [m.member_id for m in state.current_members()] == ["m_ada", "m_bea"]
    former = state.member("m_cy")
    assert former is not None
    assert not former.current


def test_a_body_with_a_float_or_a_repeated_key_is_refused() -> None:
    good = grown_log()[1].to_json()
    body = json.loads(grown_log()[1].body_bytes)
    for text in (
        json.dumps(body).replace('"seq": 1', '"seq": 1.0'),
        json.dumps(body).replace('"seq": 1', '"seq": 1, "seq": 1'),
    ):
        with pytest.raises(LogError):
            parse_entry({"body": b64u_encode(text.encode()), "sigs": good["sigs"]})


def test_a_log_for_another_office_is_refused() -> None:
    with pytest.raises(LogError, match="another office"):
        verify_log(grown_log(), "office-elsewhere")


def test_an_empty_log_is_refused() -> None:
    with pytest.raises(LogError, match="no log"):
        verify_log([])


def test_an_entry_appended_twice_is_a_fork_and_refused() -> None:
    state = verify_log(grown_log()[:2])
    stale = make_entry(state.office_key(T0 + 5, K2), [ADA.signer])
    state.apply(stale)
    with pytest.raises(LogError):  # the same seq again: a fork
        verify_log([*grown_log()[:2], stale, stale])


def test_a_pin_opens_only_for_its_owner_and_catches_a_cut_log() -> None:
    state = verify_log(grown_log())
    box_pk, box_sk = crypto_box_keypair()
    pin = pin_of(state, None, ["v1"])
    sealed = seal_pin(pin, case=member_pin_case("m_cy"), sign_seed=CY.seed, box_pk=box_pk, sent_at=T0).to_json()
    opened = open_pin(sealed, case=member_pin_case("m_cy"), sign_pk=CY.record.sign_pk, box_sk=box_sk)
    assert opened == pin
    with pytest.raises(EnvelopeError):
        open_pin(sealed, case=member_pin_case("m_cy"), sign_pk=BEA.record.sign_pk, box_sk=box_sk)
    check_pin(state, opened)
    with pytest.raises(LogError, match="does not extend"):
        check_pin(verify_log(grown_log()[:3]), opened)


def test_a_pin_keeps_the_newest_view_once_ids() -> None:
    state = verify_log(grown_log())
    pin = Pin(1, state.hashes[0], state.fingerprint, tuple(f"i{n}" for n in range(1000)))
    assert pin_of(state, pin, ["new"]).view_once[-2:] == ("i999", "new")
    assert len(pin_of(state, pin, ["new"]).view_once) == 1000
