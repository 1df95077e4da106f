"""Bookmarks (docs/protocol/v2.md section 10): one sealed blob per member and case, stored as
sent. The server checks the blob's form only: it has no key to check anything else, and the
member is the only one it can harm."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from crypto.bookmark import check_sealed_form
from crypto.errors import DecodeError
from portal.auth.tokens import Principal
from portal.bookmarks.errors import MalformedBookmark
from portal.bookmarks.models import Bookmark
from portal.cases.service import case_for


def store_bookmark(session: Session, principal: Principal, case_id: str, sealed: object) -> None:
    case = case_for(session, principal, case_id)
    try:
        nonce, ciphertext = check_sealed_form(sealed)
    except DecodeError as exc:
        raise MalformedBookmark(f"The bookmark is malformed: {exc}.") from None
    member_id = str(principal.member_id)
    row = session.get(Bookmark, (member_id, case.case_id)) or Bookmark(member_id=member_id, case_id=case.case_id)
    row.nonce, row.ciphertext = nonce, ciphertext
    session.add(row)


def bookmarks_of(session: Session, principal: Principal) -> list[Bookmark]:
    """The caller's own bookmarks, one per case that has one."""
    return list(session.scalars(select(Bookmark).where(Bookmark.member_id == str(principal.member_id))))
