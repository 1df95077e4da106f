"""unopenable grants: a member reports a grant of the office key to them that does not open

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)


def upgrade() -> None:
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unopenable_at", INT, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.drop_column("unopenable_at")
