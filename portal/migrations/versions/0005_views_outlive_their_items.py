"""a view keeps what was opened (id, kind, sender, arrival) and outlives its item

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ITEM_COLUMNS = {"item_id": "id", "item_kind": "kind", "item_from": "sender_ref", "item_received_at": "received_at"}
FK = "fk_view_message_seq_message"


def upgrade() -> None:
    with op.batch_alter_table("view") as batch:
        for column in ("item_id", "item_kind", "item_from"):
            batch.add_column(sa.Column(column, sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("item_received_at", SEQ, nullable=True))
    for column, source in ITEM_COLUMNS.items():
        op.execute(f"UPDATE view SET {column} = (SELECT {source} FROM message WHERE message.seq = view.message_seq)")  # noqa: S608  (fixed names)
    with op.batch_alter_table("view", recreate="always") as batch:
        for column in ITEM_COLUMNS:
            batch.alter_column(column, nullable=False)
        batch.alter_column("message_seq", existing_type=SEQ, nullable=True)
        batch.drop_constraint(FK, type_="foreignkey")
        batch.create_foreign_key(FK, "message", ["message_seq"], ["seq"], ondelete="SET NULL")


def downgrade() -> None:
    op.execute("DELETE FROM view WHERE message_seq IS NULL")
    with op.batch_alter_table("view", recreate="always") as batch:
        batch.drop_constraint(FK, type_="foreignkey")
        batch.create_foreign_key(FK, "message", ["message_seq"], ["seq"], ondelete="CASCADE")
        batch.alter_column("message_seq", existing_type=SEQ, nullable=False)
        for column in ITEM_COLUMNS:
            batch.drop_column(column)
