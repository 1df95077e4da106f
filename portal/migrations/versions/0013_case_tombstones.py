"""case tombstones: what is left of a case the office or its retention destroyed, for its visitor

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIME = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "case_tombstone",
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("destroyed_on", TIME, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_case_tombstone")),
    )
    with op.batch_alter_table("case_tombstone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_tombstone_destroyed_on"), ["destroyed_on"], unique=False)
    with op.batch_alter_table("token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tombstone_key", sa.LargeBinary(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_token_tombstone_key"), ["tombstone_key"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_token_tombstone_key_case_tombstone"),
            "case_tombstone",
            ["tombstone_key"],
            ["key"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("token", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_token_tombstone_key_case_tombstone"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_token_tombstone_key"))
        batch_op.drop_column("tombstone_key")
    op.drop_table("case_tombstone")
