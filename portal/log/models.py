from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class LogEntryRow(Base):
    """An entry of the signed office log (docs/protocol/v2.md section 3), as its signer made it:
    the body's bytes, never re-serialised, and its hash (the next entry names it)."""

    __tablename__ = "office_log_entry"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[int]


class LogSignatureRow(Base):
    """One signature of a log entry, by a member named by id."""

    __tablename__ = "office_log_signature"
    seq: Mapped[int] = mapped_column(ForeignKey("office_log_entry.seq", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    member_id: Mapped[str] = mapped_column(String(32))
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))


class AdditionProposal(Base):
    """A member's addition signed by one member, waiting for a second signature (when the office's
    log asks two for each addition, docs/protocol/v2.md section 8). Gone once the addition is made."""

    __tablename__ = "addition_proposal"
    member_id: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    signed_by: Mapped[str] = mapped_column(String(32))
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[int]
