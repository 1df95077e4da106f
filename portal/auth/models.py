from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class AuthChallenge(Base):
    """A sign-in challenge, bound to the role and subject it was issued for; used once."""

    __tablename__ = "auth_challenge"
    challenge: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    subject_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    expires_at: Mapped[int] = mapped_column(index=True)


class PowChallenge(Base):
    __tablename__ = "pow_challenge"
    challenge: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
    difficulty: Mapped[int]
    expires_at: Mapped[int] = mapped_column(index=True)


class Token(Base):
    """A bearer token, by hash only. Deleted when revoked, or when it ends by time."""

    __tablename__ = "token"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str | None] = mapped_column(
        ForeignKey("case.case_id", ondelete="CASCADE"), nullable=True, index=True
    )
    member_id: Mapped[str | None] = mapped_column(
        ForeignKey("member.member_id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_at: Mapped[int]
    last_seen_at: Mapped[int]
    expires_at: Mapped[int] = mapped_column(index=True)
    # Set when the office (or retention) destroyed the case: the token is kept, detached from it,
    # until it would have ended anyway, so that the open page's next request learns why.
    tombstone_key: Mapped[bytes | None] = mapped_column(
        ForeignKey("case_tombstone.key", ondelete="CASCADE"), nullable=True, index=True
    )


class RateBucket(Base):
    """A fixed-window counter keyed by a keyed hash of what is being limited."""

    __tablename__ = "rate_bucket"
    key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    window_start: Mapped[int]
    count: Mapped[int]
