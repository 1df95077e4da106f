from sqlalchemy import Boolean, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Member(Base):
    """An ombuds office member: public keys, a wrapped key bundle, and a sealed TOTP secret."""

    __tablename__ = "member"
    member_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    auth_pk: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    sign_pk: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    box_pk: Mapped[bytes] = mapped_column(LargeBinary(32))
    bundle_nonce: Mapped[bytes] = mapped_column(LargeBinary(24))
    bundle_ciphertext: Mapped[bytes] = mapped_column(LargeBinary(300))
    # Sealed with the instance secret, so a copy of the database alone gives no codes.
    totp_secret_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    totp_last_step: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[int]


class Invitation(Base):
    """A one-time enrolment token (only its hash) and the member id reserved for it."""

    __tablename__ = "invitation"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(32), unique=True)
    totp_secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[int]
    expires_at: Mapped[int]
    spent_at: Mapped[int | None] = mapped_column(nullable=True)
