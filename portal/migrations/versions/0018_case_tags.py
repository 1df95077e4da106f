"""case tags: members' IOA categories for cases, sealed to the office key, kept beyond their case

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)


def upgrade() -> None:
    op.create_table(
        "case_tag_record",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("header", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("sig", sa.LargeBinary(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", INT, nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["member.member_id"],
            name=op.f("fk_case_tag_record_recorded_by_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_tag_record")),
    )
    with op.batch_alter_table("case_tag_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_tag_record_recorded_by"), ["recorded_by"], unique=False)


def downgrade() -> None:
    op.drop_table("case_tag_record")
