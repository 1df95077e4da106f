"""passkey unlock

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unlock_nonce", sa.LargeBinary(length=24), nullable=True))
        batch_op.add_column(sa.Column("unlock_ciphertext", sa.LargeBinary(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("passkey", schema=None) as batch_op:
        batch_op.drop_column("unlock_ciphertext")
        batch_op.drop_column("unlock_nonce")
