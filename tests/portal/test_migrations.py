"""Alembic brings an empty database of each kind to head, and head matches the models."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import portal.models  # noqa: F401  (every table in the metadata)
from portal.db import Base, make_engine
from portal.schema import upgrade
from tests.services import temporary_postgres_database


def _check_head(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second run finds nothing to do
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_empty_sqlite_upgrades_to_head(tmp_path: Path) -> None:
    _check_head(f"sqlite:///{tmp_path / 'empty.db'}")


def test_empty_postgresql_upgrades_to_head() -> None:
    with temporary_postgres_database() as url:
        _check_head(url)


def test_sqlite_runs_in_wal_with_secure_delete_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
