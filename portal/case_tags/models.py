from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class CaseTagRecord(Base):
    """A member's IOA categories for a case, sealed to the office key alone (an envelope of kind
    ``tags`` under the office's id, docs/protocol/v2.md section 12): the server holds that a
    record was stored, when and by whom, never its case or its categories. Not tied to a case
    row, so it outlives the case: the office's trend reports count destroyed cases too."""

    __tablename__ = "case_tag_record"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    header: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    recorded_by: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[int]
