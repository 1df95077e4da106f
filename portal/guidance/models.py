from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class GuidanceTemplate(Base):
    """A reusable guidance text, sealed to the office key alone (an envelope of kind ``template``)."""

    __tablename__ = "guidance_template"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    header: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    sig: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_by: Mapped[str] = mapped_column(ForeignKey("member.member_id", ondelete="CASCADE"))
    created_at: Mapped[int]


class Article(Base):
    """A public guidance page: markdown, published from a date, gone after its expiry."""

    __tablename__ = "article"
    article_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    published: Mapped[bool]
    publish_at: Mapped[int] = mapped_column(index=True)
    expires_at: Mapped[int | None] = mapped_column(nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[int]
    updated_at: Mapped[int]
