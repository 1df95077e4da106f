"""flags: a visitor's item flagged for the office's attention, and the case flagged until a member acknowledges

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flagged_at", INT, nullable=True))
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flagged_at", INT, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("flagged_at")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("flagged_at")
