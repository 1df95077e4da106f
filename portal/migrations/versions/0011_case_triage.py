"""case triage: urgent, assignee

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("assignee_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_case_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_case_assignee_id_member"), "member", ["assignee_id"], ["member_id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_assignee_id_member"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_case_assignee_id"))
        batch_op.drop_column("assignee_id")
        batch_op.drop_column("urgent")
