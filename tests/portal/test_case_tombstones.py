"""A case the office destroyed, or whose retention ended, is explained to whoever proves they hold
its visitor key, for a bounded time; one its visitor destroyed is not; the tombstone names no one."""

import time

import pytest
from sqlalchemy import select

from crypto.encoding import b64u_encode
from portal.cases.models import CaseTombstone
from portal.db import session_scope
from portal.scheduler import run_purge, sweep_sessions
from tests.factories import Member, Office, Visitor, bearer, json_of

DAY = 86400


def _sign_in(office: Office, visitor: Visitor) -> tuple[int, dict[str, str]]:
    answer = office.client.post("/api/v1/auth/session", json=office.visitor_challenge(visitor))
    return answer.status_code, json_of(answer).get("error", {})


def _today(office: Office) -> str:
    t = time.gmtime(office.clock.now())
    return f"{t.tm_mday} {time.strftime('%B', t)} {t.tm_year}"


def _tombstones(office: Office) -> list[CaseTombstone]:
    with session_scope(office.app.extensions["sottovoce"]["sessions"]) as s:
        rows = list(s.scalars(select(CaseTombstone)))
        s.expunge_all()
    return rows


def test_a_case_the_office_destroyed_is_explained_at_sign_in_and_to_its_open_session(
    office: Office, member: Member, visitor: Visitor
) -> None:
    gone = office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token))
    assert gone.status_code == 200, gone.json

    # The open session's next request is told, not merely refused
    record = office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token))
    assert record.status_code == 410
    error = json_of(record)["error"]
    assert error["code"] == "case_destroyed"
    assert f"This case was closed and destroyed by the office on {_today(office)}." in error["message"]

    # Signing in with the case's key says the same
    status, error = _sign_in(office, visitor)
    assert (status, error["code"]) == (410, "case_destroyed")
    assert f"destroyed by the office on {_today(office)}" in error["message"]

    # The left-over session goes as any other once it would have timed out
    settings = office.app.extensions["sottovoce"]["deps"].settings
    office.clock.advance(settings.auth_idle_minutes * 60 + 1)
    sweep_sessions(office.app)
    after = office.client.get(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token))
    assert (after.status_code, json_of(after)["error"]["code"]) == (401, "session_ended")


def test_the_tombstone_keeps_a_keyed_hash_the_reason_and_the_day_only(
    office: Office, member: Member, visitor: Visitor
) -> None:
    office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token))
    [tombstone] = _tombstones(office)
    assert tombstone.key not in (visitor.keys.sign_pk, visitor.keys.box_pk)
    assert tombstone.reason == "member"
    assert tombstone.destroyed_on % DAY == 0
    assert office.clock.now() - DAY < tombstone.destroyed_on <= office.clock.now()


def test_a_wrong_signature_on_a_destroyed_cases_key_learns_nothing(
    office: Office, member: Member, visitor: Visitor
) -> None:
    office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token))
    body = office.visitor_challenge(visitor)
    body["sig"] = b64u_encode(bytes(64))
    answer = office.client.post("/api/v1/auth/session", json=body)
    assert (answer.status_code, json_of(answer)["error"]["code"]) == (401, "sign_in_failed")


def test_a_case_its_visitor_destroyed_leaves_no_tombstone(office: Office, visitor: Visitor) -> None:
    gone = office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token))
    assert gone.status_code == 200, gone.json
    assert _tombstones(office) == []
    status, error = _sign_in(office, visitor)
    assert (status, error["code"]) == (401, "sign_in_failed")


@pytest.mark.parametrize("closed", [False, True])
def test_a_case_ended_by_retention_says_why(office: Office, member: Member, closed: bool) -> None:
    visitor = office.open_case()
    settings = office.app.extensions["sottovoce"]["deps"].settings
    if closed:
        office.client.post(f"/api/v1/cases/{visitor.case_id}/close", headers=bearer(member.token))
    office.clock.advance((settings.retention_closed_days if closed else settings.retention_idle_days) * DAY)
    assert run_purge(office.app).cases == 1
    status, error = _sign_in(office, visitor)
    assert (status, error["code"]) == (410, "case_destroyed")
    if closed:
        expected = f"The office closed this case, and it was destroyed on {_today(office)}, "
        expected += f"{settings.retention_closed_days} days later"
    else:
        expected = f"destroyed on {_today(office)}, after {settings.retention_idle_days} days without a new message"
    assert expected in error["message"]


def test_tombstones_are_purged_after_their_time(office: Office, member: Member, visitor: Visitor) -> None:
    office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token))
    settings = office.app.extensions["sottovoce"]["deps"].settings
    office.clock.advance((settings.retention_tombstone_days - 1) * DAY)
    run_purge(office.app)
    assert len(_tombstones(office)) == 1
    office.clock.advance(DAY)
    run_purge(office.app)
    assert _tombstones(office) == []
    status, error = _sign_in(office, visitor)
    assert (status, error["code"]) == (401, "sign_in_failed")
