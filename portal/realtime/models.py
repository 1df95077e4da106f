from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class LiveSocket(Base):
    """A connected socket and the token it came with, so revoking the token can cut it at once,
    whichever process holds it. Deleted with the token."""

    __tablename__ = "live_socket"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_hash: Mapped[bytes] = mapped_column(ForeignKey("token.token_hash", ondelete="CASCADE"), index=True)
    connected_at: Mapped[int]
