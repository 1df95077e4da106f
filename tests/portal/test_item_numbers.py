"""The listing cursor counts a case's own items (docs/protocol/v2.md section 7): a visitor's
cursor moves by exactly its case's items, whatever other cases receive in between, and the
numbers stay distinct and never reused, on SQLite and PostgreSQL alike."""

import threading
from typing import Any

from sqlalchemy import select

from crypto.bookmark import Bookmark, open_bookmark, seal_bookmark
from portal.db import session_scope
from portal.messages.models import Message
from portal.web import EXTENSION
from tests.factories import Member, Office, Visitor, bearer, json_of


def _post_visitor(office: Office, visitor: Visitor, body: str = "hello") -> None:
    env = office.visitor_envelope(visitor, body)
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token)
    )
    assert answer.status_code == 201, answer.json


def _post_member(office: Office, member: Member, visitor: Visitor, body: str = "reply") -> None:
    env = office.member_envelope(member, visitor, body)
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(member.token)
    )
    assert answer.status_code == 201, answer.json


def _listing(office: Office, token: str, case_id: str, after: str = "0") -> dict[str, Any]:
    url = f"/api/v1/cases/{case_id}/messages?after={after}"
    return json_of(office.client.get(url, headers=bearer(token)))  # type: ignore[no-any-return]


def test_a_visitor_s_cursor_moves_by_its_own_case_s_items_only(office: Office, member: Member) -> None:
    mine, other = office.open_case(), office.open_case()
    _post_visitor(office, mine, "first")
    first = _listing(office, mine.token, mine.case_id)
    assert first["cursor"] == "1"
    for n in range(5):  # another case gets items, from both sides, between two of mine
        _post_visitor(office, other, f"elsewhere {n}")
        _post_member(office, member, other, f"answer elsewhere {n}")
    _post_member(office, member, mine, "an answer")
    _post_visitor(office, mine, "second")
    later = _listing(office, mine.token, mine.case_id, first["cursor"])
    assert len(later["items"]) == 2
    assert int(later["cursor"]) - int(first["cursor"]) == 2
    # The other case counts from 1 too, and its own cursor says nothing of mine.
    assert _listing(office, other.token, other.case_id)["cursor"] == "10"
    # Nothing new: the cursor stands where it was.
    assert _listing(office, mine.token, mine.case_id, later["cursor"]) == {"items": [], "cursor": later["cursor"]}


def test_a_destroyed_newest_item_s_number_is_not_handed_out_again(
    office: Office, member: Member, visitor: Visitor
) -> None:
    _post_visitor(office, visitor, "one")
    env = office.visitor_envelope(visitor, "soon gone")
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    assert office.client.post(url, json=env.to_json(), headers=bearer(visitor.token)).status_code == 201
    cursor = _listing(office, member.token, visitor.case_id)["cursor"]
    assert cursor == "2"
    with session_scope(office.app.extensions[EXTENSION]["sessions"]) as s:
        s.delete(s.scalars(select(Message).where(Message.id == env.id)).one())  # as the purge does
    _post_visitor(office, visitor, "three")
    after = _listing(office, member.token, visitor.case_id, cursor)
    assert len(after["items"]) == 1
    assert after["cursor"] == "3"


def test_concurrent_posts_to_one_case_get_distinct_numbers(office: Office, member: Member, visitor: Visitor) -> None:
    # Real threads through the app onto the real database, a visitor and a member at once.
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    rounds, answers = 4, []
    for round_ in range(rounds):
        envs = [
            (visitor.token, office.visitor_envelope(visitor, f"v{round_}")),
            (member.token, office.member_envelope(member, visitor, f"m{round_}")),
        ]
        start = threading.Barrier(len(envs))

        def post(token: str, env: Any, start: threading.Barrier = start) -> None:
            client = office.app.test_client()
            start.wait()
            answers.append(client.post(url, json=env.to_json(), headers=bearer(token)).status_code)

        threads = [threading.Thread(target=post, args=pair) for pair in envs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert answers == [201] * (2 * rounds)
    with session_scope(office.app.extensions[EXTENSION]["sessions"]) as s:
        numbers = sorted(s.scalars(select(Message.item_no).where(Message.case_id == visitor.case_id)))
    assert numbers == list(range(1, 2 * rounds + 1))
    assert _listing(office, visitor.token, visitor.case_id)["cursor"] == str(2 * rounds)


def test_a_bookmark_s_read_marker_counts_in_the_case_s_numbers(office: Office, member: Member) -> None:
    case, other = office.open_case(), office.open_case()
    _post_visitor(office, case, "first")
    _post_visitor(office, other, "elsewhere")
    _post_visitor(office, case, "second")
    read = int(_listing(office, member.token, case.case_id)["cursor"])
    sealed = seal_bookmark(
        Bookmark("a label", read), box_sk=member.box_sk, member_id=member.member_id, case_id=case.case_id
    )
    answer = office.client.put(
        f"/api/v1/cases/{case.case_id}/bookmark", json={"bookmark": sealed}, headers=bearer(member.token)
    )
    assert answer.status_code == 200, answer.json
    _post_visitor(office, other, "elsewhere again")
    _post_visitor(office, case, "third, unread")
    stored = json_of(office.client.get("/api/v1/office/bookmarks", headers=bearer(member.token)))["items"]
    mark = open_bookmark(stored[0]["bookmark"], box_sk=member.box_sk, member_id=member.member_id, case_id=case.case_id)
    cases = json_of(office.client.get("/api/v1/cases", headers=bearer(member.token)))["items"]
    from_others = next(c for c in cases if c["case_id"] == case.case_id)["from_others"]
    assert from_others == [3, 2, 1]
    assert [n for n in from_others if n > mark.read] == [3]  # what the inbox counts as unread
