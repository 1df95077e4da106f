from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Message(Base):
    """A stored envelope (or, once a view-once item is read, what is left of it). ``seq`` numbers
    every item of the office; ``item_no`` numbers the items of its case alone (1, 2, ...) and is
    what anyone outside the server sees (listing cursor, read markers): an office-wide number
    would tell a visitor how much was posted in other cases between two of its own."""

    __tablename__ = "message"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)
    # Taken from the case's counter (Case.items_posted) under the case's lock, never reused.
    item_no: Mapped[int]
    case_id: Mapped[str] = mapped_column(ForeignKey("case.case_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    sender_ref: Mapped[str] = mapped_column(String(32))
    header: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    # Hash of the whole envelope: a retry of the same envelope is recognised by it.
    envelope_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    received_at: Mapped[int]
    expires_at: Mapped[int | None] = mapped_column(nullable=True, index=True)
    view_once: Mapped[bool] = mapped_column(Boolean)
    size: Mapped[int]
    # A view-once item its reader has opened: its header, ciphertext and signature are wiped then,
    # and the row stays (without content) so that both sides keep the record that it was sent and read.
    spent_at: Mapped[int | None] = mapped_column(nullable=True)
    # When its visitor flagged it for the office's attention. Whether it is urgent or a retaliation
    # alert is said inside the sealed payload only: the server learns that it is flagged, not why.
    flagged_at: Mapped[int | None] = mapped_column(nullable=True)

    # AUTOINCREMENT on SQLite: a destroyed newest item's seq must never be handed out again, or a
    # reader whose cursor stands there would miss the next message.
    __table_args__ = (
        Index("ix_message_case_seq", "case_id", "seq"),
        UniqueConstraint("case_id", "item_no"),
        {"sqlite_autoincrement": True},
    )


class View(Base):
    """One opening of one item: who, when, the code shown on the watermark, and what was opened.

    The item's id, kind, sender and arrival are copied here, never its content, so that a leaked
    copy of an item destroyed since (expired, view once) can still be traced. A view goes with
    its case, so the case's retention bounds how long it is kept."""

    __tablename__ = "view"
    view_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # NULL once the item is destroyed.
    message_seq: Mapped[int | None] = mapped_column(
        ForeignKey("message.seq", ondelete="SET NULL"), index=True, nullable=True
    )
    case_id: Mapped[str] = mapped_column(ForeignKey("case.case_id", ondelete="CASCADE"), index=True)
    by: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    opened_at: Mapped[int]
    item_id: Mapped[str] = mapped_column(String(32))
    item_kind: Mapped[str] = mapped_column(String(32))
    item_from: Mapped[str] = mapped_column(String(32))
    item_received_at: Mapped[int]
