"""Two opens of one view-once item at once, by its reader: one is shown it, the other is told it
is spent (410 ``spent``), and exactly one view is recorded, on SQLite and PostgreSQL alike."""

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from portal.auth.tokens import authenticate
from portal.cases.models import DestructionRecord
from portal.db import session_scope
from portal.messages.errors import ItemSpent
from portal.messages.models import Message, View
from portal.messages.service import open_item
from portal.web import EXTENSION
from tests.factories import Member, Office, Visitor, app_deps, bearer


def _post_view_once(office: Office, visitor: Visitor) -> str:
    env = office.visitor_envelope(visitor, "read me once", view_once=True)
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token)
    )
    assert answer.status_code == 201, answer.json
    return env.id


def _sessions(office: Office) -> sessionmaker[Session]:
    return office.app.extensions[EXTENSION]["sessions"]  # type: ignore[no-any-return]


def _views(office: Office, item: str) -> int:
    with session_scope(_sessions(office)) as s:
        return int(s.scalar(select(func.count()).select_from(View).where(View.item_id == item)) or 0)


def _spent_records(office: Office) -> int:
    with session_scope(_sessions(office)) as s:
        total = s.scalar(select(func.sum(DestructionRecord.count)).where(DestructionRecord.reason == "view_once"))
        return int(total or 0)


def test_two_opens_at_once_in_threads_show_it_once(office: Office, member: Member, visitor: Visitor) -> None:
    # Real threads through the app onto the real database; whichever wins, the outcome is the same.
    for round_ in range(1, 6):
        item = _post_view_once(office, visitor)
        url = f"/api/v1/cases/{visitor.case_id}/messages/{item}/open"
        start = threading.Barrier(2)
        answers: list[tuple[int, str | None]] = []

        def open_it(
            url: str = url, start: threading.Barrier = start, answers: list[tuple[int, str | None]] = answers
        ) -> None:
            client = office.app.test_client()
            start.wait()
            answer = client.post(url, headers=bearer(member.token))
            code = answer.json["error"]["code"] if answer.json and "error" in answer.json else None
            answers.append((answer.status_code, code))

        threads = [threading.Thread(target=open_it) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(answers) == [(200, None), (410, "spent")], answers
        assert _views(office, item) == 1
        assert _spent_records(office) == round_


@pytest.mark.parametrize("reader", ["member", "visitor"])
def test_an_open_that_read_the_item_before_the_other_spent_it_is_told_spent(
    office: Office, member: Member, visitor: Visitor, reader: str
) -> None:
    # Deterministic: the loser's session has read the item (not spent yet) before the winner
    # commits, as the slower of two concurrent requests has.
    if reader == "member":
        item, token = _post_view_once(office, visitor), member.token
    else:
        env = office.member_envelope(member, visitor, "once", view_once=True)
        office.client.post(
            f"/api/v1/cases/{visitor.case_id}/covenant", json={"version": 1}, headers=bearer(visitor.token)
        )
        posted = office.client.post(
            f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(member.token)
        )
        assert posted.status_code == 201, posted.json
        item, token = env.id, visitor.token
    deps = app_deps(office.app)
    factory = _sessions(office)
    with session_scope(factory) as s:
        principal = authenticate(s, deps, token)
    loser = factory()
    try:
        stale = loser.scalar(select(Message).where(Message.id == item))
        assert stale is not None
        assert stale.spent_at is None
        with session_scope(factory) as winner:
            shown = open_item(winner, deps, principal, visitor.case_id, item)
            assert shown.ciphertext != b""
        with pytest.raises(ItemSpent):
            open_item(loser, deps, principal, visitor.case_id, item)
        loser.rollback()
    finally:
        loser.close()
    assert _views(office, item) == 1
    assert _spent_records(office) == 1
    again = office.client.post(f"/api/v1/cases/{visitor.case_id}/messages/{item}/open", headers=bearer(token))
    assert again.status_code == 410
    assert again.json is not None
    assert again.json["error"]["code"] == "spent"
