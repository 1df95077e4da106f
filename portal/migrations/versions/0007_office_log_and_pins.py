"""the signed office log and pins

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "office_log_entry",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_office_log_entry")),
        sa.UniqueConstraint("hash", name=op.f("uq_office_log_entry_hash")),
    )
    op.create_table(
        "office_log_signature",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False
        ),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("sig", sa.LargeBinary(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["office_log_entry.seq"],
            name=op.f("fk_office_log_signature_seq_office_log_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seq", "position", name=op.f("pk_office_log_signature")),
    )
    op.create_table(
        "pin",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=True),
        sa.Column("member_id", sa.String(length=32), nullable=True),
        sa.Column("header", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("sig", sa.LargeBinary(length=64), nullable=False),
        sa.Column("updated_at", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.case_id"], name=op.f("fk_pin_case_id_case"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.member_id"], name=op.f("fk_pin_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_pin")),
    )
    with op.batch_alter_table("pin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pin_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pin_member_id"), ["member_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("pin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pin_member_id"))
        batch_op.drop_index(batch_op.f("ix_pin_case_id"))

    op.drop_table("pin")
    op.drop_table("office_log_signature")
    op.drop_table("office_log_entry")
