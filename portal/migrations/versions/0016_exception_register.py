"""exceptions: the office's register of exceptions to confidentiality, sealed to the office key

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)


def upgrade() -> None:
    op.create_table(
        "exception_record",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("header", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("sig", sa.LargeBinary(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", INT, nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["member.member_id"],
            name=op.f("fk_exception_record_recorded_by_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exception_record")),
    )
    with op.batch_alter_table("exception_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exception_record_recorded_by"), ["recorded_by"], unique=False)


def downgrade() -> None:
    op.drop_table("exception_record")
