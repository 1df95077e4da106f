from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from crypto.keys import KdfParams
from portal.db import Base


class Office(Base):
    """The one office this deployment serves."""

    __tablename__ = "office"
    office_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    visitor_kdf_ops: Mapped[int]
    visitor_kdf_mem: Mapped[int]
    member_kdf_ops: Mapped[int]
    member_kdf_mem: Mapped[int]
    created_at: Mapped[int]

    @property
    def visitor_kdf(self) -> KdfParams:
        return KdfParams(self.visitor_kdf_ops, self.visitor_kdf_mem)

    @property
    def member_kdf(self) -> KdfParams:
        return KdfParams(self.member_kdf_ops, self.member_kdf_mem)


class OfficeKey(Base):
    """A version of the office's X25519 box key; only the public half is here."""

    __tablename__ = "office_key"
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    box_pk: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[int]


class Grant(Base):
    """The office secret key of one version, sealed to one member's box key."""

    __tablename__ = "grant"
    member_id: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(ForeignKey("office_key.version", ondelete="CASCADE"), primary_key=True)
    grant: Mapped[bytes] = mapped_column(LargeBinary(80))
    created_at: Mapped[int]
    # When its member reported that it does not open (NULL: it opens, or nobody said otherwise).
    # The server cannot check a grant; a reported one counts as none, and a holder may replace it.
    unopenable_at: Mapped[int | None] = mapped_column(nullable=True)
