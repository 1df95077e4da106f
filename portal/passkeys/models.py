from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Passkey(Base):
    """A member's passkey or security key (WebAuthn): the credential's id and public key, its
    signature counter, and the name the member gave it. Nothing secret: the private key never
    leaves the authenticator."""

    __tablename__ = "passkey"
    passkey_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1023), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int]
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[int]
    last_used_at: Mapped[int | None] = mapped_column(nullable=True)
    # The member's key bundle sealed under this passkey's PRF output (docs/passkeys.md), if the
    # member chose to unlock with it; the server cannot open it.
    unlock_nonce: Mapped[bytes | None] = mapped_column(LargeBinary(24), nullable=True)
    unlock_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary(300), nullable=True)
