"""A case's bookmarks go with the case (the foreign key cascades too; nothing is left to chance)."""

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.bookmarks.models import Bookmark


def destroy_bookmarks_of_case(session: Session, case_id: str) -> None:
    session.execute(delete(Bookmark).where(Bookmark.case_id == case_id))
