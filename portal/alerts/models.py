from sqlalchemy import Boolean, ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class AlertSubscription(Base):
    """A member's wish to be emailed when a visitor writes. The address is sealed with the
    instance secret (a copied database alone does not list the office's addresses); the rest is
    when an alert was last sent and whether activity waits to be announced."""

    __tablename__ = "alert_subscription"
    member_id: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), primary_key=True)
    address_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[int]
    last_sent_at: Mapped[int | None] = mapped_column(nullable=True)
    pending_since: Mapped[int | None] = mapped_column(nullable=True)  # activity not yet announced
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)  # announce without waiting for the interval
    failures: Mapped[int] = mapped_column(default=0)  # consecutive sending failures, for the operator's log
