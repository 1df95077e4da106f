"""grants and wrapped key bundles are stored as bytes, like every other key

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crypto.encoding import b64u_decode, b64u_encode

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (its key columns, the columns that held base64url text and now hold bytes)
COLUMNS = {
    "grant": (("member_id", "version"), ("grant",)),
    "member": (("member_id",), ("bundle_nonce", "bundle_ciphertext")),
}
LENGTHS = {"grant": 80, "bundle_nonce": 24, "bundle_ciphertext": 300}
TEXT_LENGTHS = {"grant": 200, "bundle_nonce": 64, "bundle_ciphertext": 400}


def _convert(table: str, to_bytes: bool) -> None:
    """Each value rewritten into a new column beside it, which then takes the old one's place."""
    keys, columns = COLUMNS[table]
    new_type = (lambda c: sa.LargeBinary(LENGTHS[c])) if to_bytes else (lambda c: sa.String(TEXT_LENGTHS[c]))
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.add_column(sa.Column(f"{column}_new", new_type(column), nullable=True))
    t = sa.table(table, *(sa.column(k) for k in keys), *(sa.column(c) for c in columns))
    t_new = sa.table(table, *(sa.column(k) for k in keys), *(sa.column(f"{c}_new") for c in columns))
    connection = op.get_bind()
    for row in connection.execute(sa.select(t)).mappings().all():
        values = {f"{c}_new": b64u_decode(row[c]) if to_bytes else b64u_encode(bytes(row[c])) for c in columns}
        where = sa.and_(*(t_new.c[k] == row[k] for k in keys))
        connection.execute(sa.update(t_new).where(where).values(**values))
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.drop_column(column)
            batch.alter_column(f"{column}_new", new_column_name=column, nullable=False, existing_type=new_type(column))


def upgrade() -> None:
    for table in COLUMNS:
        _convert(table, to_bytes=True)


def downgrade() -> None:
    for table in COLUMNS:
        _convert(table, to_bytes=False)
