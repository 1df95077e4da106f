from sqlalchemy import Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Case(Base):
    """A visitor's case, known only by the visitor's public keys."""

    __tablename__ = "case"
    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    visitor_sign_pk: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    visitor_box_pk: Mapped[bytes] = mapped_column(LargeBinary(32))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[int]
    last_activity_at: Mapped[int] = mapped_column(index=True)
    retention_until: Mapped[int] = mapped_column(index=True)
    closed_at: Mapped[int | None] = mapped_column(nullable=True)
    # The confidentiality-both-ways statement the visitor accepted, and when.
    covenant_version: Mapped[int | None] = mapped_column(nullable=True)
    covenant_accepted_at: Mapped[int | None] = mapped_column(nullable=True)
    # The office's triage, visible to every member (never to the visitor): urgent, and who follows it.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    assignee_id: Mapped[str | None] = mapped_column(
        ForeignKey("member.member_id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Since when one of its visitor's items is flagged and no member has acknowledged it yet
    # (NULL: nothing waits). It outlives the flagged item (an item may expire unread): a visitor's
    # alarm is for a member to acknowledge, not for time to clear.
    flagged_at: Mapped[int | None] = mapped_column(nullable=True)
    # How many items were ever posted to the case: the last item's ``item_no``. A counter, not
    # the largest item_no stored, so that a destroyed newest item's number is never handed out again
    # (a reader whose cursor stands there would miss the next item).
    items_posted: Mapped[int] = mapped_column(default=0, server_default="0")


class DestructionRecord(Base):
    """What was destroyed, counted per day and reason; never which case or item."""

    __tablename__ = "destruction_record"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    what: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(16))
    count: Mapped[int]


class CaseTombstone(Base):
    """What is left of a case the office destroyed, or its retention ended, so that its visitor
    can be told so when they next sign in: no case id, no key, no content. ``key`` is a keyed
    hash of the visitor's signing key (instance secret), so the row names no one to whoever reads
    the database alone; the date is the day only. Purged after ``retention.tombstone_days``."""

    __tablename__ = "case_tombstone"
    key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))  # "member" (the office destroyed it), "idle" or "closed"
    destroyed_on: Mapped[int] = mapped_column(index=True)  # midnight UTC of the day
