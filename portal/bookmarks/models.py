from sqlalchemy import ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Bookmark(Base):
    """A member's own label and read marker for a case (docs/protocol/v2.md section 10), sealed
    under a key only the member's box secret key gives: the server holds it, cannot read it."""

    __tablename__ = "bookmark"
    member_id: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.case_id", ondelete="CASCADE"), primary_key=True, index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(24))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
