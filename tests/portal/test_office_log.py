"""The signed office log on the server: started by the first member or by a v1 office's member,
appended to only by entries that verify and extend it, in the same step as the change they
record; every refusal changes nothing."""

from dataclasses import replace

import pytest

from crypto.encoding import b64u_encode
from crypto.log import KeyVersion, add_signature, make_entry, parse_entry
from crypto.office import new_office_key, seal_grant
from tests.factories import Office, bearer, json_of
from tests.office_log import TEST_SETTINGS, admit, first_genesis, genesis, record, served_log, signed, start_log


def _log_length(office: Office) -> int:
    answer = office.client.get("/api/v1/office/log")
    assert answer.json is not None
    length: int = json_of(answer)["length"]
    return length


def test_the_first_member_starts_the_log_at_enrolment(empty_office: Office) -> None:
    alice = empty_office.enrol("alice", genesis=first_genesis())
    state = served_log(empty_office)
    assert [m.member_id for m in state.current_members()] == [alice.member_id]
    assert state.current_key == KeyVersion(1, empty_office.office_pk)


def test_a_first_enrolment_with_a_false_genesis_enrols_no_one(empty_office: Office) -> None:
    with pytest.raises(AssertionError, match="log_mismatch"):
        empty_office.enrol("alice", genesis=first_genesis(name="Not This Office"))
    assert _log_length(empty_office) == 0
    office_info = json_of(empty_office.client.get("/api/v1/office"))
    assert office_info["members"] == []
    assert office_info["office_key"] is None


def test_a_v1_office_starts_its_log_and_everyone_can_read_and_verify_it(office: Office) -> None:
    alice = office.members[0]
    assert _log_length(office) == 0
    state = start_log(office, alice, [alice])
    assert state.length == 1
    assert [m.member_id for m in state.current_members()] == [alice.member_id]
    assert state.current_key == KeyVersion(1, office.office_pk)
    again = office.client.post(
        "/api/v1/office/log", json={"entry": genesis(office, alice, [alice]).to_json()}, headers=bearer(alice.token)
    )
    assert again.status_code == 409
    assert json_of(again)["error"]["code"] == "log_conflict"
    assert _log_length(office) == 1


def test_a_genesis_must_record_the_office_as_it_is(office: Office) -> None:
    alice = office.members[0]
    bob = office.enrol("bob")  # enrolled, never granted: not a current member
    cases = [
        genesis(office, alice, [alice], name="Another Office"),
        genesis(office, alice, [alice, bob]),
    ]
    for entry in cases:
        answer = office.client.post("/api/v1/office/log", json={"entry": entry.to_json()}, headers=bearer(alice.token))
        assert answer.status_code == 400, answer.json
        assert json_of(answer)["error"]["code"] == "log_mismatch"
    assert _log_length(office) == 0


def test_once_there_is_a_log_a_grant_needs_its_entry_and_makes_a_member(office: Office) -> None:
    alice = office.members[0]
    start_log(office, alice, [alice])
    bob = office.enrol("bob")
    bare = {"member_id": bob.member_id, "version": 1, "grant": seal_grant(office.office_sk, bob.box_pk)}
    refused = office.client.post("/api/v1/office/grants", json=bare, headers=bearer(alice.token))
    assert refused.status_code == 400
    assert json_of(refused)["error"]["code"] == "log_entry_required"
    assert admit(office, alice, bob).status_code == 201
    assert [m.member_id for m in served_log(office).current_members()] == [alice.member_id, bob.member_id]


def test_an_entry_naming_other_keys_or_signed_by_another_is_refused(office: Office) -> None:
    alice = office.members[0]
    state = start_log(office, alice, [alice])
    bob = office.enrol("bob")
    body = {"member_id": bob.member_id, "version": 1, "grant": seal_grant(office.office_sk, bob.box_pk)}
    renamed = signed(state.member_added(office.clock.now(), record(bob, "Mallory")), alice)
    by_bob = signed(state.member_added(office.clock.now(), record(bob)), bob)
    for entry, code in ((renamed, "log_mismatch"), (by_bob, "invalid_log_entry")):
        answer = office.client.post(
            "/api/v1/office/grants", json={**body, "log_entry": entry}, headers=bearer(alice.token)
        )
        assert answer.status_code == 400, answer.json
        assert json_of(answer)["error"]["code"] == code
    assert served_log(office).length == 1
    assert json_of(office.client.get("/api/v1/members/pending", headers=bearer(alice.token)))["items"][0][
        "member_id"
    ] == (bob.member_id)


def test_a_removal_appends_its_entry_with_the_new_key(office: Office) -> None:
    alice = office.members[0]
    start_log(office, alice, [alice])
    bob = office.enrol("bob")
    assert admit(office, alice, bob).status_code == 201
    state = served_log(office)
    fresh = new_office_key()
    entry = signed(state.member_removed(office.clock.now(), bob.member_id, KeyVersion(2, fresh.box_pk)), alice)
    grants = [{"member_id": alice.member_id, "grant": seal_grant(fresh.box_sk, alice.box_pk)}]
    body = {"office_key": {"version": 2, "box_pk": b64u_encode(fresh.box_pk), "grants": grants}}
    missing = office.client.post(f"/api/v1/members/{bob.member_id}/remove", json=body, headers=bearer(alice.token))
    assert json_of(missing)["error"]["code"] == "log_entry_required"
    done = office.client.post(
        f"/api/v1/members/{bob.member_id}/remove", json={**body, "log_entry": entry}, headers=bearer(alice.token)
    )
    assert done.status_code == 200, done.json
    after = served_log(office)
    assert after.current_key == KeyVersion(2, fresh.box_pk)
    assert [m.member_id for m in after.current_members()] == [alice.member_id]
    assert after.fingerprint == state.fingerprint  # the fingerprint outlives the removal


def test_a_stale_entry_is_a_conflict_and_stores_nothing(office: Office) -> None:
    alice = office.members[0]
    state = start_log(office, alice, [alice])
    first = new_office_key()
    second = new_office_key()
    for key, status in ((first, 201), (second, 409)):
        entry = signed(state.office_key(office.clock.now(), KeyVersion(2, key.box_pk)), alice)
        grants = [{"member_id": alice.member_id, "grant": seal_grant(key.box_sk, alice.box_pk)}]
        answer = office.client.post(
            "/api/v1/office/log", json={"entry": entry, "grants": grants}, headers=bearer(alice.token)
        )
        assert answer.status_code == status, answer.json
    assert served_log(office).current_key == KeyVersion(2, first.box_pk)
    grants = json_of(office.client.get("/api/v1/office/grants", headers=bearer(alice.token)))["items"]
    assert [g["version"] for g in grants] == [1, 2]


def test_with_two_signatures_required_one_member_proposes_and_another_completes(office: Office) -> None:
    alice = office.members[0]
    start_log(office, alice, [alice])
    bob = office.enrol("bob")
    assert admit(office, alice, bob).status_code == 201
    office.sign_in_member(bob)
    carol = office.enrol("carol")
    early = office.client.post(
        f"/api/v1/members/{carol.member_id}/propose",
        json={"log_entry": signed(served_log(office).member_added(office.clock.now(), record(carol)), alice)},
        headers=bearer(alice.token),
    )
    assert json_of(early)["error"]["code"] == "invalid_log_entry"  # (one signature is enough yet)
    two = served_log(office).settings_change(office.clock.now(), replace(TEST_SETTINGS, two_signatures_to_add=True))
    setting = office.client.post("/api/v1/office/log", json={"entry": signed(two, alice)}, headers=bearer(alice.token))
    assert setting.status_code == 201, setting.json

    # One signature no longer admits
    assert json_of(admit(office, alice, carol))["error"]["code"] == "invalid_log_entry"
    # Alice proposes; her colleagues see the proposal; Bob co-signs and grants
    state = served_log(office)
    first = make_entry(state.member_added(office.clock.now(), record(carol)), [(alice.member_id, alice.sign_seed)])
    proposed = office.client.post(
        f"/api/v1/members/{carol.member_id}/propose", json={"log_entry": first.to_json()}, headers=bearer(alice.token)
    )
    assert proposed.status_code == 201, proposed.json
    pending = json_of(office.client.get("/api/v1/members/pending", headers=bearer(bob.token)))["items"]
    assert pending[0]["proposal"] == first.to_json()
    both = add_signature(parse_entry(pending[0]["proposal"]), bob.member_id, bob.sign_seed)
    body = {"member_id": carol.member_id, "version": 1, "grant": seal_grant(office.office_sk, carol.box_pk)}
    granted = office.client.post(
        "/api/v1/office/grants", json={**body, "log_entry": both.to_json()}, headers=bearer(bob.token)
    )
    assert granted.status_code == 201, granted.json
    assert carol.member_id in {m.member_id for m in served_log(office).current_members()}
    assert json_of(office.client.get("/api/v1/members/pending", headers=bearer(bob.token)))["items"] == []
