"""Test helpers for the signed office log (protocol v2): what a member's browser does, in Python,
against an office from tests/factories.py."""

from collections.abc import Callable
from typing import Any

from crypto.log import KeyVersion, LogEntry, LogSettings, MemberRecord, genesis_body, make_entry
from crypto.log_state import LogState, verify_log
from crypto.member import MemberBundle
from crypto.office import seal_grant
from tests.factories import FAST_KDF, Member, Office, bearer

TEST_SETTINGS = LogSettings(FAST_KDF, FAST_KDF)


def record(member: Member, display_name: str | None = None) -> MemberRecord:
    return MemberRecord(member.member_id, display_name or member.username.title(), member.sign_pk, member.box_pk)


def served_log(office: Office) -> LogState:
    """The log the server serves, verified as a client does (the tests' fast parameters allowed)."""
    answer = office.client.get("/api/v1/office/log")
    assert answer.status_code == 200, answer.json
    assert answer.json is not None
    return verify_log(answer.json["entries"], office.office_id, enforce_floor=False)


def genesis(
    office: Office,
    signer: Member,
    members: list[Member],
    former: tuple[Member, ...] = (),
    *,
    name: str = "Test Office",
    settings: LogSettings = TEST_SETTINGS,
) -> LogEntry:
    body = genesis_body(
        office.office_id,
        office.clock.now(),
        name,
        [record(m) for m in members],
        [record(m) for m in former],
        [KeyVersion(1, office.office_pk)],
        settings,
    )
    return make_entry(body, [(signer.member_id, signer.sign_seed)])


def start_log(office: Office, signer: Member, members: list[Member]) -> LogState:
    """A v1 office's first entry, as the migrating member's browser makes it."""
    answer = office.client.post(
        "/api/v1/office/log", json={"entry": genesis(office, signer, members).to_json()}, headers=bearer(signer.token)
    )
    assert answer.status_code == 201, answer.json
    return served_log(office)


def signed(body: dict[str, Any], *signers: Member) -> dict[str, Any]:
    return make_entry(body, [(m.member_id, m.sign_seed) for m in signers]).to_json()


def admit(office: Office, granter: Member, newcomer: Member) -> Any:
    """Grant the current office key and append ``member_added`` in one request."""
    state = served_log(office)
    entry = signed(state.member_added(office.clock.now(), record(newcomer)), granter)
    body = {
        "member_id": newcomer.member_id,
        "version": state.current_key.version,
        "grant": seal_grant(office.office_sk, newcomer.box_pk),
        "log_entry": entry,
    }
    return office.client.post("/api/v1/office/grants", json=body, headers=bearer(granter.token))


def first_genesis(name: str = "Test Office") -> Callable[[Office, str, MemberBundle, str], dict[str, Any]]:
    """For ``Office.enrol``: the genesis the first member's browser signs at enrolment."""

    def make(office: Office, member_id: str, bundle: MemberBundle, display_name: str) -> dict[str, Any]:
        member = MemberRecord(member_id, display_name, bundle.sign_pk, bundle.box_pk)
        keys = [KeyVersion(1, office.office_pk)]
        body = genesis_body(office.office_id, office.clock.now(), name, [member], [], keys, TEST_SETTINGS)
        return make_entry(body, [(member_id, bundle.sign_seed)]).to_json()

    return make
