from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class ExceptionRecord(Base):
    """A member's decision to lift confidentiality, sealed to the office key alone (an envelope of
    kind ``exception``, docs/protocol/v2.md): the server holds that one was recorded, when and by
    whom, never the case, the reason or to whom it was disclosed. Not tied to a case row, so it
    outlives the case: the office answers for such a decision after the case is gone."""

    __tablename__ = "exception_record"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    header: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    recorded_by: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[int]
