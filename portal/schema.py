"""Schema migrations with Alembic, applied by `sottovoce` and the app factory on start."""

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# One number for every portal: whoever takes this lock migrates, the others wait.
MIGRATION_LOCK = 0x5077_0C0E


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; safe when several processes start at once."""
    _migrate(engine, lambda config: command.upgrade(config, revision))


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by rebuilding it: dropping the old copy must not cascade to
            # the rows that refer to it. (A pragma that works only outside a transaction.)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            run(config)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise RuntimeError("a migration left rows that refer to nothing; it was rolled back")


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a new migration from the models (a developer's tool: `make migration`)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (an operator undoing an upgrade, and the tests)."""
    _migrate(engine, lambda config: command.downgrade(config, revision))
