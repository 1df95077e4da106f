"""Alembic environment: runs on the connection the portal hands it (see portal/schema.py)."""

from alembic import context

from portal.db import Base
from portal.models import __all__ as _models  # noqa: F401  (registers every table)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through portal.schema.upgrade, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
