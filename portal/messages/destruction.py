"""Destroying items: with their case, at expiry (in batches), once viewed. Views outlive their
items (they keep no content), so a leaked copy of a destroyed item can still be traced."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portal.cases.destruction import record_destruction
from portal.messages.models import Message, View

OFFICE_ONLY_KIND = "note"  # the office's own notes on a case: never shown to its visitor


@dataclass(frozen=True)
class ExpiredItem:
    case_id: str
    item_id: str
    kind: str


def for_office_only(kind: str) -> bool:
    return kind == OFFICE_ONLY_KIND


def live_item_counts(session: Session, now: int) -> dict[str, int]:
    """Items not yet expired (nor read once and emptied), per case."""
    live = ((Message.expires_at.is_(None)) | (Message.expires_at > now)) & Message.spent_at.is_(None)
    rows = session.execute(select(Message.case_id, func.count()).where(live).group_by(Message.case_id)).all()
    return {case_id: int(n) for case_id, n in rows}


def destroy_items_of_case(session: Session, case_id: str) -> int:
    """Every item and view of a case (the case is going); returns how many items."""
    session.execute(delete(View).where(View.case_id == case_id))
    items = session.execute(delete(Message).where(Message.case_id == case_id)).rowcount  # type: ignore[attr-defined]
    return int(items or 0)


def spend_viewed_once(msg: Message, session: Session, now: int) -> bool:
    """Its content goes now; the row stays, empty, as the record that it was sent and read once.

    False if another request spent it (or the purge took it) since ``msg`` was read: one
    conditional UPDATE, so of two opens at once exactly one empties the row. PostgreSQL makes
    the second wait for the first's commit and then finds spent_at set; SQLite's one writer
    begins its transaction at this first write, on the database as it is then."""
    emptied = session.execute(
        update(Message)
        .where(Message.seq == msg.seq, Message.spent_at.is_(None))
        .values(header=b"", ciphertext=b"", sig=b"", size=0, spent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if emptied != 1:
        return False
    session.refresh(msg)
    record_destruction(session, now, "item", "view_once", 1)
    return True


def destroy_expired_batch(session: Session, now: int, batch: int) -> list[ExpiredItem]:
    """Up to ``batch`` expired items, deleted and returned in one statement, so that several
    processes purging at once each destroy, and announce, an item exactly once."""
    oldest = select(Message.seq).where(Message.expires_at <= now).order_by(Message.expires_at).limit(batch)
    rows = session.execute(
        delete(Message).where(Message.seq.in_(oldest)).returning(Message.case_id, Message.id, Message.kind)
    ).all()
    items = [ExpiredItem(case_id, item_id, kind) for case_id, item_id, kind in rows]
    record_destruction(session, now, "item", "expired", len(items))
    return items
