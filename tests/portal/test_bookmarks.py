"""Bookmarks on the server (docs/protocol/v2.md section 10): each member stores and reads back only
their own, sealed; the server checks their form and keeps nothing readable; they go with their case."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crypto.bookmark import Bookmark, open_bookmark, seal_bookmark
from crypto.encoding import b64u_decode, b64u_encode
from portal.bookmarks.models import Bookmark as BookmarkRow
from portal.db import session_scope
from tests.factories import Member, Office, Visitor, bearer, json_of, new_office

LABEL = "Harassment by the finance director"


def _sealed(member: Member, case_id: str, bookmark: Bookmark) -> dict[str, str]:
    return seal_bookmark(bookmark, box_sk=member.box_sk, member_id=member.member_id, case_id=case_id)


def _put(office: Office, token: str, case_id: str, body: object) -> Any:
    return office.client.put(f"/api/v1/cases/{case_id}/bookmark", json=body, headers=bearer(token))


def _mine(office: Office, member: Member) -> dict[str, Any]:
    items = json_of(office.client.get("/api/v1/office/bookmarks", headers=bearer(member.token)))["items"]
    return {item["case_id"]: item["bookmark"] for item in items}


def test_a_member_stores_and_reads_back_their_bookmark_which_opens_only_with_their_keys(
    office: Office, member: Member, visitor: Visitor
) -> None:
    assert _mine(office, member) == {}
    first = _put(office, member.token, visitor.case_id, {"bookmark": _sealed(member, visitor.case_id, Bookmark(LABEL))})
    assert first.status_code == 200, first.json
    _put(office, member.token, visitor.case_id, {"bookmark": _sealed(member, visitor.case_id, Bookmark(LABEL, 3))})
    stored = _mine(office, member)
    assert list(stored) == [visitor.case_id]
    opened = open_bookmark(
        stored[visitor.case_id], box_sk=member.box_sk, member_id=member.member_id, case_id=visitor.case_id
    )
    assert opened == Bookmark(LABEL, 3)


def test_a_colleague_sees_none_of_another_member_s_bookmarks(office: Office, member: Member, visitor: Visitor) -> None:
    colleague = office.enrol("bob")
    office.sign_in_member(colleague)
    _put(office, member.token, visitor.case_id, {"bookmark": _sealed(member, visitor.case_id, Bookmark(LABEL))})
    assert _mine(office, colleague) == {}
    _put(office, colleague.token, visitor.case_id, {"bookmark": _sealed(colleague, visitor.case_id, Bookmark("Bob's"))})
    assert open_bookmark(
        _mine(office, member)[visitor.case_id],
        box_sk=member.box_sk,
        member_id=member.member_id,
        case_id=visitor.case_id,
    ) == Bookmark(LABEL)


def test_only_members_keep_bookmarks_and_only_of_cases_that_exist(
    office: Office, member: Member, visitor: Visitor
) -> None:
    body = {"bookmark": _sealed(member, visitor.case_id, Bookmark(LABEL))}
    assert _put(office, visitor.token, visitor.case_id, body).status_code == 403
    assert office.client.get("/api/v1/office/bookmarks", headers=bearer(visitor.token)).status_code == 403
    gone = _put(office, member.token, "c_nothere", body)
    assert gone.status_code == 404
    assert json_of(gone)["error"]["code"] == "case_not_found"


def _unpadded() -> dict[str, str]:
    return {"nonce": b64u_encode(bytes(24)), "ciphertext": b64u_encode(bytes(16 + 300))}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"bookmark": None},
        {"bookmark": "text"},
        {"bookmark": {"nonce": b64u_encode(bytes(24))}},
        {"bookmark": {"nonce": b64u_encode(bytes(12)), "ciphertext": b64u_encode(bytes(16 + 256))}},
        {"bookmark": _unpadded()},
        {"bookmark": {"nonce": b64u_encode(bytes(24)), "ciphertext": b64u_encode(bytes(16 + 4096))}},
        {"bookmark": {"nonce": b64u_encode(bytes(24)), "ciphertext": b64u_encode(bytes(16 + 256)), "x": 1}},
    ],
)
def test_a_bookmark_of_the_wrong_form_is_refused_and_nothing_stored(
    office: Office, member: Member, visitor: Visitor, body: dict[str, Any]
) -> None:
    answer = _put(office, member.token, visitor.case_id, body)
    assert answer.status_code == 400
    assert json_of(answer)["error"]["code"] == "invalid_bookmark"
    assert _mine(office, member) == {}


def test_bookmarks_go_with_their_case(office: Office, member: Member, visitor: Visitor) -> None:
    _put(office, member.token, visitor.case_id, {"bookmark": _sealed(member, visitor.case_id, Bookmark(LABEL))})
    assert office.client.delete(f"/api/v1/cases/{visitor.case_id}", headers=bearer(member.token)).status_code == 200
    with session_scope(office.app.extensions["sottovoce"]["sessions"]) as s:
        assert s.query(BookmarkRow).count() == 0


def test_the_label_is_nowhere_in_the_database_files(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    office = new_office(instance)
    member = office.enrol("alice")
    office.sign_in_member(member)
    visitor = office.open_case()
    holder = sqlite3.connect(instance / "sottovoce.db")  # keeps the WAL file in place, as a running server has it
    holder.execute("SELECT 1").fetchall()
    sealed = _sealed(member, visitor.case_id, Bookmark(LABEL, 1))
    assert _put(office, member.token, visitor.case_id, {"bookmark": sealed}).status_code == 200
    on_disk = b"".join(p.read_bytes() for p in instance.glob("sottovoce.db*"))
    assert b64u_decode(sealed["ciphertext"])[:48] in on_disk  # (the sealed bookmark is there: the search looked)
    assert LABEL.encode() not in on_disk
    assert LABEL.encode("utf-16-le") not in on_disk
    holder.close()
    office.app.extensions["sottovoce"]["engine"].dispose()
