"""Expiry and retention on the server's own clock (an injected clock: no sleeping)."""

import sqlite3
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.cases.models import DestructionRecord
from portal.db import session_scope
from portal.models import __all__ as table_names
from portal.scheduler import run_purge
from tests.factories import Member, Office, Visitor, bearer, json_of, new_office

DAY = 86400


def _post(office: Office, visitor: Visitor, body: str = "x", **extra: object) -> str:
    env = office.visitor_envelope(visitor, body, **extra)
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token)
    )
    assert answer.status_code == 201, answer.json
    return env.id


def _listed(office: Office, visitor: Visitor, token: str) -> list[str]:
    listing = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(token)).json
    assert listing is not None
    return [i["id"] for i in listing["items"]]


def test_listed_just_before_expiry_and_410_just_after(office: Office, member: Member, visitor: Visitor) -> None:
    item = _post(office, visitor, ttl=3600)
    office.clock.advance(3599 - 30)
    office.sign_in_member(member)  # steps the clock 30 s (a fresh TOTP code): now 1 s before expiry
    assert _listed(office, visitor, member.token) == [item]
    open_url = f"/api/v1/cases/{visitor.case_id}/messages/{item}/open"
    assert office.client.post(open_url, headers=bearer(member.token)).status_code == 200
    office.clock.advance(1)
    assert _listed(office, visitor, member.token) == []
    gone = office.client.post(open_url, headers=bearer(member.token))
    assert gone.status_code == 410
    assert gone.json is not None
    assert gone.json["error"]["code"] == "expired"


def _spent(office: Office, visitor: Visitor, token: str) -> dict[str, object]:
    """How a listing shows a view-once item once read: its record, without content."""
    listing = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(token)).json
    assert listing is not None
    return {i["id"]: (i["spent_at"], i["size"]) for i in listing["items"]}


def test_view_once_opened_twice_is_410(office: Office, member: Member, visitor: Visitor) -> None:
    item = _post(office, visitor, view_once=True)
    url = f"/api/v1/cases/{visitor.case_id}/messages/{item}/open"
    assert office.client.post(url, headers=bearer(visitor.token)).status_code == 200  # the sender's own copy
    assert _spent(office, visitor, member.token) == {item: (None, 256)}
    assert office.client.post(url, headers=bearer(member.token)).status_code == 200
    again = office.client.post(url, headers=bearer(member.token))
    assert (again.status_code, json_of(again)["error"]["code"]) == (410, "spent")
    # (still listed, to both sides, as the record that it was sent and read once: no content)
    for token in (member.token, visitor.token):
        assert _spent(office, visitor, token) == {item: (office.clock.now(), 0)}
    views = office.client.get(f"{url.removesuffix('/open')}/views", headers=bearer(visitor.token))
    assert {v["by"] for v in json_of(views)["items"]} == {"visitor", member.member_id}


def test_view_once_from_a_member_is_spent_by_the_visitor_not_by_a_colleague(
    office: Office, member: Member, visitor: Visitor
) -> None:
    colleague = office.enrol("bob")
    office.sign_in_member(colleague)
    office.grant(member, colleague)
    env = office.member_envelope(member, visitor, "read once", view_once=True)
    posted = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(member.token)
    )
    assert posted.status_code == 201, posted.json
    office.client.post(f"/api/v1/cases/{visitor.case_id}/covenant", json={"version": 1}, headers=bearer(visitor.token))
    url = f"/api/v1/cases/{visitor.case_id}/messages/{env.id}/open"
    assert office.client.post(url, headers=bearer(colleague.token)).status_code == 200  # same side: not spent
    assert _listed(office, visitor, visitor.token) == [env.id]
    opened = office.client.post(url, headers=bearer(visitor.token))
    assert opened.status_code == 200, opened.json
    assert office.client.post(url, headers=bearer(visitor.token)).status_code == 410
    assert office.client.post(url, headers=bearer(colleague.token)).status_code == 410
    assert _spent(office, visitor, member.token) == {env.id: (office.clock.now(), 0)}


def test_purge_removes_the_ciphertext_bytes_from_the_files(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    office = new_office(instance)
    member = office.enrol("alice")
    office.sign_in_member(member)
    visitor = office.open_case()
    holder = sqlite3.connect(instance / "sottovoce.db")  # keeps the WAL file in place
    holder.execute("SELECT 1").fetchall()
    env = office.visitor_envelope(visitor, "short-lived", ttl=300)
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token))
    keeper = _post(office, visitor, "stays")
    marker = env.ciphertext[16:80]

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in instance.glob("sottovoce.db*"))

    assert marker in on_disk()
    office.clock.advance(301)
    holder.close()
    report = run_purge(office.app)
    assert [i.item_id for i in report.items] == [env.id]
    assert marker not in on_disk()
    office.sign_in_member(member)
    assert _listed(office, visitor, member.token) == [keeper]
    office.app.extensions["sottovoce"]["engine"].dispose()


def test_idle_and_closed_cases_are_destroyed_on_schedule(office: Office, member: Member) -> None:
    idle, closed, active = office.open_case(), office.open_case(), office.open_case()
    settings = office.app.extensions["sottovoce"]["deps"].settings
    assert office.client.post(f"/api/v1/cases/{closed.case_id}/close", headers=bearer(member.token)).status_code == 200
    office.clock.advance(settings.retention_closed_days * DAY - 10)
    office.sign_in_visitor(active)
    _post(office, active)  # activity restarts the idle clock
    run_purge(office.app)
    office.sign_in_member(member)
    cases = office.client.get("/api/v1/cases", headers=bearer(member.token)).json
    assert cases is not None
    assert {c["case_id"] for c in cases["items"]} == {idle.case_id, closed.case_id, active.case_id}

    office.clock.advance(20)
    run_purge(office.app)
    office.sign_in_member(member)
    cases = office.client.get("/api/v1/cases", headers=bearer(member.token)).json
    assert cases is not None
    assert {c["case_id"] for c in cases["items"]} == {idle.case_id, active.case_id}

    office.clock.advance((settings.retention_idle_days - settings.retention_closed_days) * DAY)
    run_purge(office.app)
    office.sign_in_member(member)
    cases = office.client.get("/api/v1/cases", headers=bearer(member.token)).json
    assert cases is not None
    assert {c["case_id"] for c in cases["items"]} == {active.case_id}
    log = office.client.get("/api/v1/destructions", headers=bearer(member.token)).json
    assert log is not None
    reasons = {(e["what"], e["reason"]): e["count"] for e in log["items"]}
    assert reasons[("case", "closed")] == 1
    assert reasons[("case", "idle")] == 1


def _rows_mentioning(session: Session, case_id: str) -> dict[str, int]:
    import portal.models as models

    found = {}
    for name in table_names:
        model = getattr(models, name)
        if hasattr(model, "case_id"):
            count = session.scalar(select(func.count()).select_from(model).where(model.case_id == case_id))
            if count:
                found[name] = int(count)
    return found


def test_visitor_self_destruction_removes_every_row_and_the_log_holds_no_id(
    office: Office, member: Member, visitor: Visitor
) -> None:
    first = _post(office, visitor)
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages/{first}/open", headers=bearer(member.token))
    assert office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(visitor.token)).status_code == 200
    factory = office.app.extensions["sottovoce"]["sessions"]
    with session_scope(factory) as s:
        assert _rows_mentioning(s, visitor.case_id) == {}
        records = s.scalars(select(DestructionRecord)).all()
        assert {(r.what, r.reason, r.count) for r in records} >= {("case", "visitor", 1), ("item", "with_case", 1)}
        for r in records:
            assert visitor.case_id not in f"{r.day}{r.what}{r.reason}"
            assert first not in f"{r.day}{r.what}{r.reason}"


def test_a_destroyed_newest_item_never_hides_the_next_one(office: Office, member: Member, visitor: Visitor) -> None:
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    _post(office, visitor, "first")
    brief = _post(office, visitor, "brief", view_once=True)
    cursor = office.client.get(url, headers=bearer(member.token)).json
    assert cursor is not None
    office.client.post(f"{url}/{brief}/open", headers=bearer(member.token))  # destroyed: it was the newest
    after = _post(office, visitor, "next")
    listing = office.client.get(f"{url}?after={cursor['cursor']}", headers=bearer(member.token)).json
    assert listing is not None
    assert [i["id"] for i in listing["items"]] == [after]
