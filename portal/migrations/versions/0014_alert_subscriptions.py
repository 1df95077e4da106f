"""alerts: members' content-free email alerts (the address sealed with the instance secret)

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
INT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # (the models' int, as elsewhere)


def upgrade() -> None:
    op.create_table(
        "alert_subscription",
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("address_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", INT, nullable=False),
        sa.Column("last_sent_at", INT, nullable=True),
        sa.Column("pending_since", INT, nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("failures", INT, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.member_id"],
            name=op.f("fk_alert_subscription_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_alert_subscription")),
    )


def downgrade() -> None:
    op.drop_table("alert_subscription")
