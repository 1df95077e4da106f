"""bookmarks: each member's sealed label and read marker per case

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bookmark",
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=24), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.member_id"], name=op.f("fk_bookmark_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.case_id"], name=op.f("fk_bookmark_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "case_id", name=op.f("pk_bookmark")),
    )
    with op.batch_alter_table("bookmark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bookmark_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("bookmark")
