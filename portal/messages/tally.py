"""What the inbox needs of a case's items beyond their count: which live items came from someone
other than the reader. The reader's page compares them with its own sealed read marker (a
bookmark) to count what is unread; the server never learns what a member has read."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.messages.models import Message

NEWEST_KEPT = 100  # per case: enough to count "99+" unread


def seqs_from_others(session: Session, now: int, reader: str) -> dict[str, list[int]]:
    """The newest live items' numbers in their case (``item_no``, what a bookmark's ``read`` and the
    listing cursor count) not sent by ``reader`` (a member id), per case, newest first."""
    live = (Message.expires_at.is_(None)) | (Message.expires_at > now)
    rows = session.execute(
        select(Message.case_id, Message.item_no)
        .where(live, Message.sender_ref != reader)
        .order_by(Message.case_id, Message.item_no.desc())
    ).all()
    found: defaultdict[str, list[int]] = defaultdict(list)
    for case_id, number in rows:
        if len(found[case_id]) < NEWEST_KEPT:
            found[case_id].append(int(number))
    return dict(found)
