"""item numbers per case: the listing cursor and read markers count a case's own items only

Revision ID: 0019
Revises: 0018

An office-wide ``seq`` as a visitor's cursor told them how many items other cases received
between two of their own. Existing items are numbered 1, 2, ... in order of ``seq`` within each
case, and each case's counter starts after its last number. Cursors and bookmarks' read markers
kept by clients from before count in the old numbers: a bookmark may show a case's items as read
until the case passes its old marker (docs/protocol/v2.md section 10).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)
# SQLite rebuilds the table for NOT NULL and the constraint: keep seq never reused (0004).
KEEP = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_no", INT, nullable=True))
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("items_posted", INT, server_default="0", nullable=False))
    # Portable on both engines (no window functions needed): an item's number is how many items
    # of its case have a seq up to its own.
    op.execute(
        "UPDATE message SET item_no = (SELECT count(*) FROM message AS m "
        "WHERE m.case_id = message.case_id AND m.seq <= message.seq)"
    )
    op.execute(
        'UPDATE "case" SET items_posted = (SELECT coalesce(max(item_no), 0) FROM message '
        'WHERE message.case_id = "case".case_id)'
    )
    with op.batch_alter_table("message", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.alter_column("item_no", existing_type=INT, nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_message_case_id"), ["case_id", "item_no"])


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None, table_kwargs=KEEP) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_message_case_id"), type_="unique")
        batch_op.drop_column("item_no")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("items_posted")
