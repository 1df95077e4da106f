from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class Pin(Base):
    """An owner's pin (docs/protocol/v2.md section 5): an envelope sealed to the owner alone, so
    the server holds it but cannot read or forge it. One per case (its visitor) or per member."""

    __tablename__ = "pin"
    owner: Mapped[str] = mapped_column(String(64), primary_key=True)  # the envelope's case
    case_id: Mapped[str | None] = mapped_column(
        ForeignKey("case.case_id", ondelete="CASCADE"), nullable=True, index=True
    )
    member_id: Mapped[str | None] = mapped_column(
        ForeignKey("member.member_id", ondelete="CASCADE"), nullable=True, index=True
    )
    header: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    updated_at: Mapped[int]
