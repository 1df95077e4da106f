"""message.seq is never reused on SQLite (AUTOINCREMENT)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL sequences never go back; only SQLite's rowid reuse needs the table rebuilt.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("message", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("message", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
            pass
